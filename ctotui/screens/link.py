"""Open or copy a link safely: the real target is shown first, over SSH it is copied.

A message's links are picked from a list first (LinkPickerScreen), each with
its text and real target and a warning where the text names another host.

Only http/https/mailto are offered. When no browser can start (no DISPLAY,
no BROWSER, or `webbrowser.open` fails), "open" copies with OSC 52 instead and
says so, showing the URL in case the terminal ignores OSC 52. The app sends
every `open_url` here, so no link leaves the app another way.
"""

from __future__ import annotations

import webbrowser
from functools import partial

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ctotui.links import can_open_browser, misleading, safe_url
from ctotui.sanitize import clean_line


class LinkScreen(ModalScreen[None]):
    """Shows where a link really goes; `o` opens (or copies over SSH), `c` copies."""

    BINDINGS = [
        Binding("o", "open", "Open", id="link.open", tooltip="Open in a browser, or copy"),
        Binding("c", "copy", "Copy", id="link.copy", tooltip="Copy the URL (OSC 52)"),
        Binding("escape,q", "dismiss", "Cancel", id="link.cancel", tooltip="Do nothing"),
    ]
    CSS_PATH = "link.tcss"

    def __init__(self, url: str, display: str = "") -> None:
        super().__init__()
        self.url = url
        self.display_text = display

    def compose(self) -> ComposeResult:
        target = safe_url(self.url)
        text = Text()
        if target is None:
            text.append("This link cannot be opened or copied: ", style="bold red")
            text.append(clean_line(self.url, 300))
            text.append("\nOnly http, https and mailto links are allowed.", style="dim")
        else:
            text.append("Link target:\n", style="dim")
            text.append(target + "\n", style="bold")
            if self.display_text and misleading(self.display_text, target):
                text.append("Warning: ", style="bold red")
                text.append("the link text says ")
                text.append(clean_line(self.display_text, 200), style="bold")
                text.append(" but it goes somewhere else.\n")
            how = "a browser" if can_open_browser() else "nowhere: no browser here, so o copies"
            text.append(f"o open ({how}) · c copy · escape cancel", style="dim")
        with Vertical(id="link-box") as box:
            box.border_title = "Open link"
            yield Static(text)

    def action_copy(self) -> None:
        target = safe_url(self.url)
        if target is not None:
            copy_link(self.app, target, "Copied the link")
        self.dismiss()

    def action_open(self) -> None:
        target = safe_url(self.url)
        if target is None:
            self.dismiss()
        elif can_open_browser():
            app = self.app
            # The app owns the worker: the screen is gone by the time a browser answers.
            app.run_worker(
                partial(open_in_browser, app, target),
                thread=True,
                group="browser",
                exit_on_error=False,
            )
            self.dismiss()
        else:
            copy_link(self.app, target, "No browser here, so the link was copied")
            self.dismiss()


class LinkPickerScreen(ModalScreen[None]):
    """The links in a message; enter shows the chosen one on the link screen."""

    BINDINGS = [
        Binding("escape,q", "dismiss", "Cancel", id="links.cancel", tooltip="Do nothing"),
    ]
    CSS_PATH = "link.tcss"

    def __init__(self, links: list[tuple[str, str]], title: str = "Links") -> None:
        super().__init__()
        self.links = links
        self.box_title = clean_line(title, 60)

    def compose(self) -> ComposeResult:
        with Vertical(id="link-box") as box:
            box.border_title = self.box_title
            yield OptionList(
                *(
                    Option(link_label(display, url), id=str(index))
                    for index, (display, url) in enumerate(self.links)
                ),
                id="link-choices",
            )
            yield Static(Text("enter shows the link · escape cancels", style="dim"))

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        display, url = self.links[int(event.option.id or 0)]
        app = self.app
        self.dismiss()
        app.push_screen(LinkScreen(url, display))


def link_label(display: str, url: str) -> Text:
    """One choice: the text, then where it really goes; flagged when the two disagree."""
    label = Text()
    target = safe_url(url)
    if target is None:
        label.append("not allowed ", style="bold red")
    elif misleading(display, target):
        label.append("misleading ", style="bold red")
    shown = clean_line(display, 80)
    label.append(shown, style="bold")
    if display != url:
        label.append(" → " + clean_line(url, 200), style="dim")
    return label


def copy_link(app: App[object], target: str, what: str) -> None:
    """Copy with OSC 52 and show the link too: a terminal may ignore OSC 52."""
    app.copy_to_clipboard(target)
    app.notify(f"{what}: {target} (if nothing was copied, it is shown here)")


def open_in_browser(app: App[object], target: str) -> None:
    """Runs in a thread (`webbrowser` blocks while a console browser runs); copies on failure."""
    try:
        opened = webbrowser.open(target)
    except (OSError, webbrowser.Error):
        opened = False
    if opened:
        app.call_from_thread(app.notify, f"Opened {target}")
    else:
        app.call_from_thread(copy_link, app, target, "No browser started, so the link was copied")
