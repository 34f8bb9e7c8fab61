// The handle model: every HINTERNET names an Object in one handle table. Objects are reference
// counted (the table holds one reference, a child holds one on its parent, a running call holds
// one for its duration), so a handle closed while another thread uses it stays alive until that
// call ends, and a closed handle is never found again (ERROR_INVALID_HANDLE).
#pragma once
#include "engine/call.h"
#include <atomic>
#include <mutex>
#include <utility>

namespace winhttp {

enum class HandleType : DWORD {
    Session = 1,   // WinHttpOpen
    Connect = 2,   // WinHttpConnect
    Request = 3,   // WinHttpOpenRequest
    WebSocket = 4, // WinHttpWebSocketCompleteUpgrade
    Resolver = 5,  // WinHttpCreateProxyResolver
};

// Values of WINHTTP_OPTION_HANDLE_TYPE.
inline DWORD handle_type_option_value(HandleType t)
{
    switch (t) {
    case HandleType::Session: return WINHTTP_HANDLE_TYPE_SESSION;
    case HandleType::Connect: return WINHTTP_HANDLE_TYPE_CONNECT;
    default: return WINHTTP_HANDLE_TYPE_REQUEST;
    }
}

class Object {
public:
    explicit Object(HandleType t) : type(t) {}
    virtual ~Object();
    Object(const Object&) = delete;
    Object& operator=(const Object&) = delete;

    const HandleType type;
    HINTERNET handle = nullptr;   // set when inserted in the table
    Object* parent = nullptr;     // holds a reference

    // Guards the mutable state of this object and of its subclass.
    mutable std::mutex lock;
    WINHTTP_STATUS_CALLBACK callback = nullptr;
    DWORD notify_flags = 0;
    DWORD_PTR context = 0;
    bool closed = false;          // WinHttpCloseHandle was called

    // WinHttpCloseHandle's work beyond the table (called with `lock` held): a request cancels
    // the operation in flight.
    virtual void closing() {}

    void add_ref() { refs_.fetch_add(1, std::memory_order_relaxed); }
    // Drops a reference; the last one destroys the object and queues HANDLE_CLOSING on the
    // current call (if the application asked for it).
    void release();

    // Queues a notification for this handle on `c` if a callback is set and its flags allow it.
    void notify(Call& c, DWORD status, const void* info, DWORD info_len, bool copy_info = true);

private:
    std::atomic<long> refs_{1};
};

// Intrusive reference to an Object (or subclass).
template <class T> class Ref {
public:
    Ref() = default;
    explicit Ref(T* p, bool add = true) : p_(p) { if (p_ && add) p_->add_ref(); }
    Ref(const Ref& o) : p_(o.p_) { if (p_) p_->add_ref(); }
    Ref(Ref&& o) noexcept : p_(std::exchange(o.p_, nullptr)) {}
    template <class U> Ref(Ref<U>&& o) noexcept : p_(o.detach()) {}
    ~Ref() { if (p_) p_->release(); }
    Ref& operator=(Ref o) noexcept { std::swap(p_, o.p_); return *this; }
    T* operator->() const { return p_; }
    T& operator*() const { return *p_; }
    T* get() const { return p_; }
    explicit operator bool() const { return p_ != nullptr; }
    T* detach() { return std::exchange(p_, nullptr); }

private:
    T* p_ = nullptr;
};

template <class T> Ref<T> ref_cast(Ref<Object>&& o)
{
    return Ref<T>(static_cast<T*>(o.detach()), false);
}

// Inserts a new object (taking over its initial reference) and returns its handle, or nullptr
// when the table is full.
HINTERNET handle_insert(Object* obj);
// Looks a handle up; an empty Ref for NULL, unknown, or closed handles.
Ref<Object> handle_get(HINTERNET h);
// Removes a handle from the table, returning the table's reference (empty if not present).
Ref<Object> handle_remove(HINTERNET h);
// Number of live handles (for tests and leak checks).
size_t handle_count();

// Looks up a handle of one type. On failure sets c.error to ERROR_INVALID_HANDLE (no such
// handle) or ERROR_WINHTTP_INCORRECT_HANDLE_TYPE (another type) and returns an empty Ref.
template <class T> Ref<T> get_typed(Call& c, HINTERNET h)
{
    Ref<Object> o = handle_get(h);
    if (!o) { c.error = ERROR_INVALID_HANDLE; return {}; }
    if (o->type != T::kType) { c.error = ERROR_WINHTTP_INCORRECT_HANDLE_TYPE; return {}; }
    return ref_cast<T>(std::move(o));
}

} // namespace winhttp
