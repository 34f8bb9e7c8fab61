/* Which winhttp.dll did this Windows program get? Prints the engine our DLL names through its
 * private export (WinHttpLinuxEngineVersion, which only ours has) and exits 0; exits 1 when the
 * loaded winhttp.dll lacks it (Wine's own builtin, or Windows'). Built with mingw against mingw's
 * winhttp.h and import library, like any Windows program. */
#include <windows.h>
#include <winhttp.h>
#include <stdio.h>
#include <string.h>

typedef const char *(WINAPI *version_fn)(void);

int main(void)
{
    BOOL platform = WinHttpCheckPlatform();   /* imports winhttp.dll the ordinary way */
    HMODULE m = GetModuleHandleA("winhttp.dll");
    version_fn version = m ? (version_fn)(void (*)(void))GetProcAddress(m, "WinHttpLinuxEngineVersion") : NULL;
    if (!version) {
        printf("winhttp.dll is not ours (no WinHttpLinuxEngineVersion export)\n");
        return 1;
    }
    printf("%s, WinHttpCheckPlatform=%d\n", version(), platform);
    return strstr(version(), "winhttp.so)") ? 0 : 1;
}
