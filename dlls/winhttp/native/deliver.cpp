// Delivery of notifications on the calling thread (see deliver.h).
#include "native/deliver.h"

namespace winhttp::native {

void deliver(Call& c)
{
    // Index loop: the vector is not touched by callbacks (nested API calls queue on their own
    // Call), but stay robust if that ever changes.
    for (size_t i = 0; i < c.notes.size(); i++) {
        Notification n = c.notes[i];
        n.callback(n.handle, n.context, n.status, n.info(), n.info_len);
    }
    c.notes.clear();
}

} // namespace winhttp::native
