"""The app side of `IdleCollector`: full collections wait until keys and mouse rest.

`SyncingApp` (and so `CtoApp`) inherits this. The collector starts after the
first frame (start-up's objects are frozen then), every key or mouse event
counts as input, and a timer offers a collection a few times a second.
"""

from __future__ import annotations

from textual import events
from textual.app import App

from ctotui.idle_gc import IdleCollector

GC_TICK_SECONDS = 0.25


class IdleCollectingApp(App[None]):
    """Runs the oldest-generation garbage collection only while input rests."""

    idle_collector: IdleCollector | None = None

    def on_mount(self) -> None:
        self.idle_collector = IdleCollector()
        self.call_after_refresh(self._start_idle_collector)

    def _start_idle_collector(self) -> None:
        collector = self.idle_collector
        if collector is not None:
            collector.start()
            self.set_interval(GC_TICK_SECONDS, collector.tick, name="idle-gc")

    def on_unmount(self) -> None:
        if self.idle_collector is not None:
            self.idle_collector.stop()

    async def on_event(self, event: events.Event) -> None:
        if self.idle_collector is not None and isinstance(event, events.Key | events.MouseEvent):
            self.idle_collector.note_input()
        await super().on_event(event)
