# parse-header.awk - list the typedefs, structure fields and enumerators of
# our public headers.
#
# Input: the output of "cc -E" (with line markers) on a file that includes
# <winhttp.h>.  Only text coming from winhttp.h / winhttp_types.h is read.
# Output, one item per line:
#   T <typedef-name> <kind>        kind: struct, union, enum or other
#   F <typedef-name> <field>       a member; members of anonymous unions or
#                                  structs are listed as members of the parent,
#                                  those of named nested ones as "outer.inner"
#   E <enumerator>
#   P <function> <declaration>     a function prototype, tokens joined by spaces
# The parser only understands the declaration forms used in those headers:
# top-level typedefs (of scalars, pointers, function pointers, structs,
# unions and enums), function declarations (ignored) and nothing else.

BEGIN { ours = 0; ntok = 0 }

/^# [0-9]+ "/ {
    f = $3; gsub(/"/, "", f)
    ours = (f ~ /(^|\/)winhttp(_types)?\.h$/)
    next
}
/^[ \t]*#/ { next }            # #pragma and friends
!ours { next }

{
    s = $0
    while (s != "") {
        if (match(s, /^[ \t]+/)) { s = substr(s, RLENGTH + 1); continue }
        if (match(s, /^[A-Za-z_][A-Za-z0-9_]*/) ||
            match(s, /^[0-9][0-9A-Za-z_.]*/) ||
            match(s, /^"[^"]*"/)) {
            tok[++ntok] = substr(s, 1, RLENGTH); s = substr(s, RLENGTH + 1); continue
        }
        tok[++ntok] = substr(s, 1, 1); s = substr(s, 2)
    }
}

function isident(t) { return t ~ /^[A-Za-z_][A-Za-z0-9_]*$/ }

# Index of the token closing the bracket opened at position i.
function closing(i,    d, j, o, c) {
    o = tok[i]; c = (o == "{") ? "}" : (o == "(") ? ")" : "]"
    d = 0
    for (j = i; j <= ntok; j++) {
        if (tok[j] == "{" || tok[j] == "(" || tok[j] == "[") d++
        else if (tok[j] == "}" || tok[j] == ")" || tok[j] == "]") { d--; if (d == 0) return j }
    }
    return ntok
}

# Name declared by the declarator tokens a..b.
function declname(a, b,    j, d, name) {
    for (j = a; j <= b; j++)
        if (tok[j] == "(" && tok[j + 1] == "*") {
            for (j += 2; j <= b; j++) if (isident(tok[j])) return tok[j]
            return ""
        }
    name = ""; d = 0
    for (j = a; j <= b; j++) {
        if (tok[j] == "[" || tok[j] == "(") d++
        else if (tok[j] == "]" || tok[j] == ")") d--
        else if (d == 0 && isident(tok[j]) && tok[j] != "const" && tok[j] != "volatile") name = tok[j]
    }
    return name
}

# Members of the struct/union body a..b, reported as fields of "owner".
function members(owner, a, b, prefix,    j, start, k, e, n) {
    start = a
    for (j = a; j <= b; j++) {
        if (tok[j] == "{") {
            e = closing(j)
            # declarator after the nested body, up to ';'
            for (k = e + 1; k <= b && tok[k] != ";"; k++) ;
            n = declname(e + 1, k - 1)
            if (n != "") {                          # named: itself and its members
                print "F", owner, prefix n
                members(owner, j + 1, e - 1, prefix n ".")
            } else
                members(owner, j + 1, e - 1, prefix) # anonymous: flatten
            j = k; start = k + 1
            continue
        }
        if (tok[j] == "(" || tok[j] == "[") { j = closing(j); continue }
        if (tok[j] == ";") {
            n = declname(start, j - 1)
            if (n != "") print "F", owner, prefix n
            start = j + 1
        }
    }
}

function enumerators(a, b,    j, first) {
    first = 1
    for (j = a; j <= b; j++) {
        if (tok[j] == ",") { first = 1; continue }
        if (tok[j] == "(") { j = closing(j); continue }
        if (first && isident(tok[j])) { print "E", tok[j]; first = 0 }
    }
}

# typedef statement from tokens a..b (b is the ';').
function dotypedef(a, b,    kind, j, body, e, start, n, main, isptr, k) {
    kind = "other"; body = 0; start = a + 1
    if (tok[a + 1] == "struct" || tok[a + 1] == "union" || tok[a + 1] == "enum") {
        for (j = a + 2; j < b; j++) if (tok[j] == "{") { body = j; break }
        if (body) { kind = tok[a + 1]; e = closing(body); start = e + 1 }
    }
    main = ""
    for (j = start; j <= b; j++) {
        if (tok[j] == "(" || tok[j] == "[") { j = closing(j); continue }
        if (tok[j] == "," || j == b) {
            n = declname(start, j - 1)
            isptr = 0
            for (k = start; k < j; k++) if (tok[k] == "*") isptr = 1
            if (n != "") {
                if (body && !isptr && main == "") { main = n; print "T", n, kind }
                else print "T", n, (isptr ? "pointer" : (body ? kind : "other"))
            }
            start = j + 1
        }
    }
    if (body && main != "") {
        if (kind == "enum") enumerators(body + 1, e - 1)
        else members(main, body + 1, e - 1, "")
    }
}

# Function declaration from tokens a..b (b is the ';'): the parameter list is
# the last parenthesised group, the name is the token just before it.
function doproto(a, b,    j, p, txt) {
    if (tok[b - 1] != ")") return
    p = 0
    for (j = a; j < b; j++) if (tok[j] == "(") { p = j; j = closing(j) }
    if (!p || !isident(tok[p - 1])) return
    txt = tok[a]
    for (j = a + 1; j <= b; j++) txt = txt " " tok[j]
    print "P", tok[p - 1], txt
}

END {
    i = 1
    while (i <= ntok) {
        # one top-level statement: up to ';' outside brackets
        for (j = i; j <= ntok; j++) {
            if (tok[j] == "{" || tok[j] == "(" || tok[j] == "[") { j = closing(j); continue }
            if (tok[j] == ";") break
        }
        if (tok[i] == "typedef") dotypedef(i, j)
        else if (j <= ntok) doproto(i, j)
        i = j + 1
    }
}
