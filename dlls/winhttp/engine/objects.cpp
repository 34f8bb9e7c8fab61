// What the handle kinds need beyond their declarations: the default proxy of a session, the
// cancellation of a closed request's operation.
#include "engine/objects.h"
#include "engine/operation.h"
#include "engine/proxy_config.h"

namespace winhttp {

void load_default_proxy(ProxySettings& p, const HostProxy* host)
{
    if (host && host->has_default) {
        p = host->default_proxy;
        return;
    }
    proxy::Config cfg = proxy::default_config();
    p.access_type = cfg.access_type == WINHTTP_ACCESS_TYPE_NAMED_PROXY ? WINHTTP_ACCESS_TYPE_NAMED_PROXY
                                                                       : WINHTTP_ACCESS_TYPE_NO_PROXY;
    p.proxy = std::move(cfg.proxy);
    p.bypass = std::move(cfg.bypass);
}

void Request::closing()
{
    std::lock_guard<std::mutex> g(op_lock);
    if (active_op) active_op->cancel();
}

} // namespace winhttp
