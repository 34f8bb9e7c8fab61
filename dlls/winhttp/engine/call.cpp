// The per-thread stack of running calls (see call.h).
#include "engine/call.h"

namespace winhttp {

namespace {
thread_local Call* innermost = nullptr;
}

Call::Call() : outer_(innermost) { innermost = this; }
Call::~Call() { innermost = outer_; }
Call* Call::current() { return innermost; }

} // namespace winhttp
