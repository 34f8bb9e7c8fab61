// The handle table and object reference counting (see handles.h).
//
// A handle value encodes a slot index and the slot's generation, so a stale handle (closed,
// its slot since reused) never reaches the new object: lookups compare the generation.
#include "engine/handles.h"
#include <cstdint>
#include <vector>

namespace winhttp {

namespace {

constexpr uintptr_t kIndexBits = 20;                 // up to ~1M live handles
constexpr uintptr_t kIndexMask = (uintptr_t(1) << kIndexBits) - 1;
constexpr uintptr_t kGenMask = 0x7FF;                // 11 bits of generation

struct Slot {
    Object* obj = nullptr;
    uintptr_t gen = 1;
    uint32_t next_free = 0;
};

class Table {
public:
    HINTERNET insert(Object* obj)
    {
        std::lock_guard<std::mutex> g(mu_);
        uint32_t idx;
        if (free_head_) {
            idx = free_head_ - 1;
            free_head_ = slots_[idx].next_free;
        } else {
            if (slots_.size() >= kIndexMask) return nullptr;
            slots_.emplace_back();
            idx = static_cast<uint32_t>(slots_.size() - 1);
        }
        Slot& s = slots_[idx];
        s.obj = obj;
        count_++;
        // Index+1 keeps the value non-zero; the generation sits above it.
        HINTERNET h = reinterpret_cast<HINTERNET>(((s.gen & kGenMask) << kIndexBits) | (idx + 1));
        obj->handle = h;
        return h;
    }

    Ref<Object> get(HINTERNET h)
    {
        std::lock_guard<std::mutex> g(mu_);
        Slot* s = find(h);
        if (!s) return {};
        return Ref<Object>(s->obj);
    }

    Ref<Object> remove(HINTERNET h)
    {
        std::lock_guard<std::mutex> g(mu_);
        Slot* s = find(h);
        if (!s) return {};
        Object* o = s->obj;
        s->obj = nullptr;
        s->gen = (s->gen + 1) & kGenMask;
        if (!s->gen) s->gen = 1;
        uint32_t idx = static_cast<uint32_t>(s - slots_.data());
        s->next_free = free_head_;
        free_head_ = idx + 1;
        count_--;
        return Ref<Object>(o, false);
    }

    size_t count()
    {
        std::lock_guard<std::mutex> g(mu_);
        return count_;
    }

private:
    Slot* find(HINTERNET h)
    {
        uintptr_t v = reinterpret_cast<uintptr_t>(h);
        uintptr_t idx = v & kIndexMask;
        uintptr_t gen = v >> kIndexBits;
        if (!idx || idx > slots_.size() || gen > kGenMask) return nullptr;
        Slot& s = slots_[idx - 1];
        if (!s.obj || s.gen != gen) return nullptr;
        return &s;
    }

    std::mutex mu_;
    std::vector<Slot> slots_;
    uint32_t free_head_ = 0; // index+1 of the first free slot, 0 when none
    size_t count_ = 0;
};

// The one handle table of the process (DESIGN: no global mutable state besides it and pools).
Table& table()
{
    static Table* t = new Table; // never destroyed: handles may be closed during exit
    return *t;
}

} // namespace

Object::~Object()
{
    if (parent) parent->release();
}

void Object::release()
{
    if (refs_.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
    // Last reference: HANDLE_CLOSING is the last notification the handle gets.
    WINHTTP_STATUS_CALLBACK cb;
    DWORD flags;
    DWORD_PTR ctx;
    {
        std::lock_guard<std::mutex> g(lock);
        cb = callback;
        flags = notify_flags;
        ctx = context;
    }
    // Only for handles with a context value (WinHttpCloseHandle page, remarks).
    if (cb && (flags & WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING) && ctx && handle) {
        if (Call* c = Call::current()) {
            Notification n;
            n.callback = cb;
            n.handle = handle;
            n.context = ctx;
            n.status = WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING;
            HINTERNET h = handle;
            n.set_info_copy(&h, sizeof h);
            try {
                c->notes.push_back(n);
            } catch (...) {
            }
        }
    }
    delete this;
}

void Object::notify(Call& c, DWORD status, const void* info, DWORD info_len, bool copy_info)
{
    WINHTTP_STATUS_CALLBACK cb;
    DWORD flags;
    DWORD_PTR ctx;
    {
        std::lock_guard<std::mutex> g(lock);
        cb = callback;
        flags = notify_flags;
        ctx = context;
    }
    if (!cb || !(flags & status)) return;
    Notification n;
    n.callback = cb;
    n.handle = handle;
    n.context = ctx;
    n.status = status;
    if (copy_info && info_len <= sizeof n.info_inline) {
        n.set_info_copy(info, info_len);
    } else {
        n.info_external = const_cast<void*>(info);
        n.info_len = info_len;
    }
    c.notes.push_back(n);
}

HINTERNET handle_insert(Object* obj)
{
    return table().insert(obj);
}

Ref<Object> handle_get(HINTERNET h)
{
    if (!h) return {};
    return table().get(h);
}

Ref<Object> handle_remove(HINTERNET h)
{
    if (!h) return {};
    return table().remove(h);
}

size_t handle_count() { return table().count(); }

} // namespace winhttp
