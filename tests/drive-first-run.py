#!/usr/bin/env python3
"""drive-first-run.py — takes a running claimdesk through an office's first run over AT-SPI.

Used by tests/check-install.sh (mode gui-first-run) on the *installed* claimdesk, from outside its
process, the way a screen reader or a person would: only what the accessibility bus shows. The app
runs in English (LANG=C.UTF-8), with a never-enrolled store and central's certificate in the
workstation's trust folder.

  1. the sign-in page, in first-administrator mode: Full Name, Login, Password, Repeat the
     Password, then "Create and Sign In";
  2. the window "Set Up This Office" opens by itself: Central System Address, Enrolment Code, Enrol;
  3. central's configuration, verified with the trust folder's certificate: Accept and Save;
  4. the connection check: every system's row says it is reachable; Finish;
  5. Quit, from the main window's menu (app.quit).

Every wait polls with a generous timeout; on failure the accessible tree is printed.
"""

import argparse
import os
import sys
import time

import pyatspi

TIMEOUT = 90.0
POLL = 0.25


class DriveError(Exception):
    pass


def log(*words):
    print("drive-first-run:", *words, flush=True)


def safe(function, default=None):
    try:
        return function()
    except Exception:  # the tree changes under us; a vanished node is simply not there
        return default


def children(node):
    count = safe(lambda: node.childCount, 0) or 0
    for i in range(count):
        child = safe(lambda: node.getChildAtIndex(i))
        if child is not None:
            yield child


def walk(node, depth=0, limit=60):
    yield node, depth
    if depth >= limit:
        return
    for child in children(node):
        yield from walk(child, depth + 1, limit)


def name_of(node):
    return (safe(lambda: node.name, "") or "").replace("_", "")


def role_of(node):
    return safe(lambda: node.getRoleName(), "?") or "?"


def states_of(node):
    return safe(lambda: node.getState(), None)


def has_state(node, state):
    states = states_of(node)
    return states is not None and states.contains(state)


def showing(node):
    return has_state(node, pyatspi.STATE_SHOWING) or has_state(node, pyatspi.STATE_VISIBLE)


def labels_of(node):
    """The names a person hears for this node: its own, and its labelling nodes'."""
    names = [name_of(node)]
    for relation in safe(lambda: node.getRelationSet(), []) or []:
        if safe(lambda: relation.getRelationType()) == pyatspi.RELATION_LABELLED_BY:
            for i in range(safe(lambda: relation.getNTargets(), 0) or 0):
                target = safe(lambda: relation.getTarget(i))
                if target is not None:
                    names.append(name_of(target))
                    names.append(text_of(target) or "")
    return [n for n in names if n]


def text_of(node):
    text = safe(lambda: node.queryText())
    if text is None:
        return None
    return safe(lambda: text.getText(0, -1))


def dump(root, out=sys.stderr):
    for node, depth in walk(root):
        states = states_of(node)
        flags = []
        if states is not None:
            for state, flag in ((pyatspi.STATE_SHOWING, "showing"),
                                (pyatspi.STATE_SENSITIVE, "sensitive"),
                                (pyatspi.STATE_FOCUSED, "focused"),
                                (pyatspi.STATE_EDITABLE, "editable")):
                if states.contains(state):
                    flags.append(flag)
        interfaces = ",".join(safe(lambda: pyatspi.utils.listInterfaces(node), []) or [])
        description = safe(lambda: node.description, "") or ""
        extra = ""
        text = text_of(node)
        if text and role_of(node) not in ("password text",):
            extra = " text=%r" % text[:120]
        print("%s[%s] %r%s%s {%s} <%s>" % ("  " * depth, role_of(node), name_of(node),
                                          (" desc=%r" % description) if description else "",
                                          extra, " ".join(flags), interfaces), file=out)


def wait_for(what, probe, timeout=TIMEOUT, dump_root=None):
    deadline = time.monotonic() + timeout
    while True:
        found = safe(probe)
        if found:
            return found
        if time.monotonic() > deadline:
            root = dump_root() if callable(dump_root) else dump_root
            if root is not None:
                print("--- the accessible tree, waiting for %s:" % what, file=sys.stderr)
                dump(root)
            raise DriveError("timed out waiting for " + what)
        time.sleep(POLL)


# ---- the application ------------------------------------------------------------------------

def parent_pid(pid):
    try:
        with open("/proc/%d/stat" % pid) as stat:
            return int(stat.read().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None


def is_ours(app, pid):
    app_pid = safe(lambda: app.get_process_id())
    if app_pid is None:
        return False
    # The app is started under timeout(1): it is the given process or its child.
    return app_pid == pid or parent_pid(app_pid) == pid


def find_app(pid):
    desktop = pyatspi.Registry.getDesktop(0)
    for app in children(desktop):
        if is_ours(app, pid):
            return app
    return None


def windows(app):
    return [w for w in children(app) if showing(w)]


def window_named(app, title):
    for window in children(app):
        if name_of(window) == title and showing(window):
            return window
    return None


# GTK 4.8 says "showing" of its windows only, and its tree holds the hidden pages of a stack too:
# nodes are looked for by name within the right window.
def find(root, predicate):
    for node, _ in walk(root):
        if safe(lambda: predicate(node), False):
            return node
    return None


def find_all(root, predicate):
    return [node for node, _ in walk(root) if safe(lambda: predicate(node), False)]


EDITABLE_ROLES = ("text", "entry", "password text")


def entry(root, title):
    """The editable text labelled TITLE (an AdwEntryRow's title labels its text)."""
    def labelled(node):
        return role_of(node) in EDITABLE_ROLES and title in labels_of(node)
    found = find(root, labelled)
    if found is not None:
        return found

    # Otherwise, the editable text inside the row whose name is TITLE.
    def row(node):
        return name_of(node) == title and role_of(node) not in EDITABLE_ROLES \
            and find(node, lambda n: role_of(n) in EDITABLE_ROLES) is not None
    holder = find(root, row)
    return find(holder, lambda n: role_of(n) in EDITABLE_ROLES) if holder is not None else None


def button_name(node):
    """A button's name. GTK 4.8 names a button with a label twice over ("Enrol Enrol"): its
    label's text and its child label's, so a doubled name counts once."""
    name = name_of(node)
    words = name.split(" ")
    half = len(words) // 2
    if len(words) % 2 == 0 and half > 0 and words[:half] == words[half:]:
        return " ".join(words[:half])
    return name


def button(root, label, sensitive=True):
    def match(node):
        if role_of(node) not in ("push button", "button", "toggle button", "menu item"):
            return False
        if button_name(node) != label:
            return False
        return not sensitive or has_state(node, pyatspi.STATE_SENSITIVE)
    return find(root, match)


def fill(root, title, value):
    node = wait_for("the field %r" % title, lambda: entry(root, title), dump_root=root)
    editable = node.queryEditableText()
    if not editable.setTextContents(value):
        raise DriveError("the field %r refused the text" % title)
    secret = "Password" in title
    # What the field holds, read back where its Text interface says it (a password field shows
    # bullets: only their number is compared).
    deadline = time.monotonic() + 3
    while True:
        held = text_of(node) or ""
        if (len(held) == len(value)) if secret else held == value:
            break
        if time.monotonic() > deadline:
            log("the field %r reads back %r" % (title, "•" * len(held) if secret else held))
            break
        time.sleep(POLL)
    log("filled", repr(title), "(hidden)" if secret else repr(value))


def press(root, label, timeout=TIMEOUT):
    node = wait_for("a sensitive button %r" % label, lambda: button(root, label), timeout=timeout,
                    dump_root=root)
    action = node.queryAction()
    names = [action.getName(i) for i in range(action.nActions)]
    index = names.index("click") if "click" in names else 0
    if not action.doAction(index):
        raise DriveError("the button %r did not take the %r action" % (label, names[index]))
    log("pressed", repr(label))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pid", type=int, required=True, help="the app (or its timeout parent)")
    parser.add_argument("--central", required=True)
    parser.add_argument("--code", required=True)
    parser.add_argument("--login", required=True)
    parser.add_argument("--full-name", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--dump", action="store_true", help="only print the tree and stop")
    args = parser.parse_args()

    def alive():
        try:
            os.kill(args.pid, 0)
            return True
        except OSError:
            return False

    app = wait_for("claimdesk on the accessibility bus",
                   lambda: find_app(args.pid) if alive() else (_ for _ in ()).throw(
                       DriveError("claimdesk exited")))
    log("found", repr(name_of(app)), "on the accessibility bus")
    if args.dump:
        time.sleep(3)
        dump(app, sys.stdout)
        return 0

    # 1. The first administrator, on the sign-in page.
    main_window = wait_for("the main window",
                           lambda: windows(app)[0] if windows(app) else None, dump_root=app)
    wait_for("the first-administrator form",
             lambda: button(main_window, "Create and Sign In", sensitive=False), dump_root=app)
    fill(main_window, "Full Name", args.full_name)
    fill(main_window, "Login", args.login)
    fill(main_window, "Password", args.password)
    fill(main_window, "Repeat the Password", args.password)
    press(main_window, "Create and Sign In")

    # 2. The assistant opens by itself for an administrator of a never-enrolled office.
    setup = wait_for("the window 'Set Up This Office'",
                     lambda: window_named(app, "Set Up This Office"), dump_root=app)
    log("the assistant is open")
    fill(setup, "Central System Address", args.central)
    fill(setup, "Enrolment Code", args.code)
    press(setup, "Enrol")

    # 3. Central's configuration, verified with the trust folder's certificate.
    press(setup, "Accept and Save")

    # 4. The connection check: one row per system, each saying it is reachable.
    def results():
        icons = find_all(setup, lambda n: name_of(n) in ("Reachable", "Not reachable")
                         and role_of(n) in ("image", "icon"))
        return icons if len(icons) >= 4 and button(setup, "Finish") else None
    icons = wait_for("the connection check's four results", results, dump_root=setup)
    rows = find_all(setup, lambda n: "Reachable" in (text_of(n) or name_of(n) or "")
                    and role_of(n) == "label")
    for row in rows:
        log("the check says:", repr(text_of(row) or name_of(row)))
    unreachable = [n for n in icons if name_of(n) != "Reachable"]
    if unreachable:
        dump(setup)
        raise DriveError("%d of %d systems are not reachable" % (len(unreachable), len(icons)))
    log("every system (%d) is reachable" % len(icons))
    press(setup, "Finish")
    wait_for("the assistant to close",
             lambda: window_named(app, "Set Up This Office") is None, dump_root=app)

    # 5. Quit, from the main window's menu.
    quit_app(app, main_window)
    wait_for("claimdesk to exit", lambda: not alive(), timeout=30, dump_root=app)
    log("claimdesk quit")
    return 0


def actions_of(node):
    action = safe(lambda: node.queryAction())
    if action is None:
        return None, []
    return action, [safe(lambda: action.getName(i), "") for i in range(safe(lambda: action.nActions, 0) or 0)]


def quit_app(app, main_window):
    """Quit from the main menu. A GtkMenuButton's actions are its inner button's; the sign-in
    page's header has a menu button too (on a hidden page now): the signed-in one is the last."""
    menus = [n for n in find_all(main_window, lambda n: button_name(n) == "Main Menu")
             if actions_of(n)[1]]
    if not menus:
        dump(main_window)
        raise DriveError("no main menu button with an action")
    for menu in reversed(menus):
        action, names = actions_of(menu)
        action.doAction(names.index("click") if "click" in names else 0)
        log("opened", repr(button_name(menu)))
        try:
            item = wait_for("the menu item 'Quit'",
                            lambda: find(app, lambda n: name_of(n) == "Quit"
                                         and role_of(n) in ("menu item", "push button", "button")
                                         and actions_of(n)[1]),
                            timeout=10, dump_root=None)
        except DriveError:
            continue
        action, names = actions_of(item)
        action.doAction(names.index("click") if "click" in names else 0)
        log("pressed 'Quit' (%s)" % role_of(item))
        return
    dump(app)
    raise DriveError("no main menu showed a 'Quit' item")


if __name__ == "__main__":
    try:
        sys.exit(main())
    except DriveError as error:
        print("drive-first-run: %s" % error, file=sys.stderr)
        sys.exit(1)
