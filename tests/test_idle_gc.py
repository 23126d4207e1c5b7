"""Full garbage collections wait for input to rest, and the interpreter is left as it was."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from ctotui.idle_gc import NEVER, IdleCollector
from ctotui.widgets.bounded_cache import BoundedCache


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def collector() -> Iterator[tuple[IdleCollector, Clock]]:
    clock = Clock()
    collector = IdleCollector(rest=0.5, longest=30.0, clock=clock)
    before = gc.get_threshold()
    collector.start()
    try:
        yield collector, clock
    finally:
        collector.stop()
        assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def make_older_garbage() -> None:
    """Enough cycles that the young generations collect into the oldest one."""
    for _ in range(20_000):
        cycle: list[object] = []
        cycle.append(cycle)
    gc.collect(1)


def test_start_stops_automatic_full_collections_and_freezes_start_up(
    collector: tuple[IdleCollector, Clock],
) -> None:
    young, middle, oldest = gc.get_threshold()
    assert oldest == NEVER and young > 0 and middle > 0  # the cheap ones still run
    assert gc.get_freeze_count() > 0


def test_no_full_collection_while_keys_come(collector: tuple[IdleCollector, Clock]) -> None:
    idle, clock = collector
    make_older_garbage()
    for _ in range(20):  # a key every 0.1 s for two seconds
        clock.now += 0.1
        idle.note_input()
        assert idle.tick() is False
    assert idle.collections == 0


def test_a_full_collection_runs_once_input_rests(collector: tuple[IdleCollector, Clock]) -> None:
    idle, clock = collector
    idle.note_input()
    make_older_garbage()
    clock.now += 0.4
    assert idle.tick() is False
    clock.now += 0.2
    assert idle.tick() is True and idle.collections == 1
    clock.now += 5
    assert idle.tick() is False  # nothing new reached the oldest generation


def test_a_held_key_still_gets_a_collection_every_longest_seconds(
    collector: tuple[IdleCollector, Clock],
) -> None:
    idle, clock = collector
    ran = 0
    for _ in range(700):  # 70 s of keys 0.1 s apart
        clock.now += 0.1
        idle.note_input()
        ran += idle.tick()
    assert ran == 2


def test_nothing_changes_when_gc_is_disabled() -> None:
    before = gc.get_threshold()
    gc.disable()
    try:
        idle = IdleCollector()
        idle.start()
        assert not idle.running and gc.get_threshold() == before
        assert idle.tick() is False
        idle.stop()
    finally:
        gc.enable()


def test_bounded_cache_keeps_the_newest_and_frees_what_it_drops() -> None:
    cache: BoundedCache[int, list[int]] = BoundedCache(2)
    cache.set(1, [1])
    cache.set(2, [2])
    assert cache.get(1) == [1]  # 1 is now the newest
    cache.set(3, [3])
    assert 2 not in cache and cache.get(1) == [1] and cache.get(3) == [3]
    assert cache.get(4) is None and len(cache) == 2
    gc.collect()
    before = len(gc.get_objects())
    for n in range(1000):
        replaced: BoundedCache[int, list[int]] = BoundedCache(8)
        for k in range(8):
            replaced.set(k, [n, k])
    assert gc.collect() == 0  # replaced caches left no cycles behind
    assert len(gc.get_objects()) - before < 50
