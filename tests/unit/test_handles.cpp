// Unit tests of the handle table and object reference counting (engine/handles.*).
#include "engine/objects.h"
#include <atomic>
#include <thread>
#include <vector>
// cmocka.h last: its fail() macro would clash with Call::fail.
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
extern "C" {
#include <cmocka.h>
}

using namespace winhttp;

namespace {

std::atomic<int> destroyed{0};

class Probe final : public Object {
public:
    static constexpr HandleType kType = HandleType::Session;
    Probe() : Object(kType) {}
    ~Probe() override { destroyed++; }
};

void test_insert_get_remove(void**)
{
    size_t before = handle_count();
    Probe* p = new Probe;
    HINTERNET h = handle_insert(p);
    assert_non_null(h);
    assert_ptr_equal(p->handle, h);
    assert_int_equal(handle_count(), before + 1);
    {
        Ref<Object> r = handle_get(h);
        assert_ptr_equal(r.get(), p);
    }
    Ref<Object> removed = handle_remove(h);
    assert_ptr_equal(removed.get(), p);
    assert_false(static_cast<bool>(handle_get(h)));
    assert_false(static_cast<bool>(handle_remove(h)));
    assert_int_equal(handle_count(), before);
    int d = destroyed;
    removed = Ref<Object>();
    assert_int_equal(destroyed, d + 1);
}

void test_null_and_garbage(void**)
{
    assert_false(static_cast<bool>(handle_get(nullptr)));
    assert_false(static_cast<bool>(handle_get(reinterpret_cast<HINTERNET>(uintptr_t(0xdeadbeef)))));
    assert_false(static_cast<bool>(handle_get(reinterpret_cast<HINTERNET>(~uintptr_t(0)))));
    assert_false(static_cast<bool>(handle_remove(reinterpret_cast<HINTERNET>(uintptr_t(1)))));
}

void test_stale_handle_after_reuse(void**)
{
    HINTERNET h1 = handle_insert(new Probe);
    handle_remove(h1);
    HINTERNET h2 = handle_insert(new Probe);
    // The slot is reused with a new generation: the old value must not find the new object.
    assert_ptr_not_equal(h1, h2);
    assert_false(static_cast<bool>(handle_get(h1)));
    assert_true(static_cast<bool>(handle_get(h2)));
    handle_remove(h2);
}

void test_ref_outlives_close(void**)
{
    Probe* p = new Probe;
    HINTERNET h = handle_insert(p);
    Ref<Object> in_use = handle_get(h);
    int d = destroyed;
    handle_remove(h);
    assert_int_equal(destroyed, d); // a running call still holds it
    in_use = Ref<Object>();
    assert_int_equal(destroyed, d + 1);
}

void cb(HINTERNET, DWORD_PTR, DWORD, LPVOID, DWORD) {}

void test_closing_notification(void**)
{
    Call c;
    Probe* p = new Probe;
    p->callback = cb;
    p->notify_flags = WINHTTP_CALLBACK_FLAG_HANDLES;
    p->context = 42;
    HINTERNET h = handle_insert(p);
    handle_remove(h);
    assert_int_equal(c.notes.size(), 1);
    assert_int_equal(c.notes[0].status, WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING);
    assert_ptr_equal(c.notes[0].handle, h);
    assert_int_equal(c.notes[0].context, 42);
    assert_int_equal(c.notes[0].info_len, sizeof(HINTERNET));
    assert_ptr_equal(*static_cast<HINTERNET*>(c.notes[0].info()), h);
}

void test_no_closing_notification_without_context(void**)
{
    Call c;
    Probe* p = new Probe;
    p->callback = cb;
    p->notify_flags = WINHTTP_CALLBACK_FLAG_HANDLES;
    handle_remove(handle_insert(p));
    assert_int_equal(c.notes.size(), 0);
}

void test_no_closing_notification_when_filtered(void**)
{
    Call c;
    Probe* p = new Probe;
    p->callback = cb;
    p->notify_flags = WINHTTP_CALLBACK_FLAG_REQUEST_ERROR;
    p->context = 1;
    handle_remove(handle_insert(p));
    assert_int_equal(c.notes.size(), 0);
}

void test_parent_reference(void**)
{
    Probe* parent = new Probe;
    HINTERNET hp = handle_insert(parent);
    Probe* child = new Probe;
    parent->add_ref();
    child->parent = parent;
    HINTERNET hc = handle_insert(child);
    int d = destroyed;
    handle_remove(hp);
    assert_int_equal(destroyed, d); // the child keeps its parent alive
    handle_remove(hc);
    assert_int_equal(destroyed, d + 2);
}

void test_concurrent_close_and_get(void**)
{
    // Many threads look a handle up while another closes it: every lookup either finds the
    // live object or nothing, and the object is destroyed exactly once.
    for (int round = 0; round < 50; round++) {
        Probe* p = new Probe;
        HINTERNET h = handle_insert(p);
        int d = destroyed;
        std::atomic<bool> go{false};
        std::vector<std::thread> ts;
        for (int t = 0; t < 4; t++)
            ts.emplace_back([&] {
                while (!go) {}
                for (int i = 0; i < 200; i++) {
                    Ref<Object> r = handle_get(h);
                    if (r) assert_int_equal(static_cast<int>(r->type), static_cast<int>(HandleType::Session));
                }
            });
        go = true;
        handle_remove(h);
        for (auto& t : ts) t.join();
        assert_int_equal(destroyed, d + 1);
    }
}

void test_many_handles(void**)
{
    std::vector<HINTERNET> hs;
    for (int i = 0; i < 5000; i++) hs.push_back(handle_insert(new Probe));
    for (size_t i = 0; i < hs.size(); i++)
        for (size_t j = i + 1; j < i + 3 && j < hs.size(); j++) assert_ptr_not_equal(hs[i], hs[j]);
    for (HINTERNET h : hs) assert_true(static_cast<bool>(handle_remove(h)));
}

} // namespace

int main()
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_insert_get_remove),
        cmocka_unit_test(test_null_and_garbage),
        cmocka_unit_test(test_stale_handle_after_reuse),
        cmocka_unit_test(test_ref_outlives_close),
        cmocka_unit_test(test_closing_notification),
        cmocka_unit_test(test_no_closing_notification_when_filtered),
        cmocka_unit_test(test_no_closing_notification_without_context),
        cmocka_unit_test(test_parent_reference),
        cmocka_unit_test(test_concurrent_close_and_get),
        cmocka_unit_test(test_many_handles),
    };
    return cmocka_run_group_tests_name("handles", tests, nullptr, nullptr);
}
