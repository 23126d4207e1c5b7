"""The domain model: plain typed dataclasses shared by adapters, store, logic and UI.

Nothing here does IO or imports Textual, so every layer can depend on it. All
datetimes are timezone-aware (UTC when they come from a remote source).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class SourceKind(StrEnum):
    """What a source feeds: the inbox (mail, chat) or the trackers."""

    MAIL = "mail"
    CHAT = "chat"
    TRACKER = "tracker"


class MessageKind(StrEnum):
    MAIL = "mail"
    CHAT = "chat"
    NOTIFICATION = "notification"
    """A tracker's notification to the user: review requested, mention, assignment."""


class ItemKind(StrEnum):
    ISSUE = "issue"
    PULL_REQUEST = "pull_request"
    MERGE_REQUEST = "merge_request"


class StatusCategory(StrEnum):
    """Every tracker's statuses are normalised into these five."""

    TODO = "todo"
    IN_PROGRESS = "in_progress"
    IN_REVIEW = "in_review"
    BLOCKED = "blocked"
    DONE = "done"


class EventKind(StrEnum):
    OPENED = "opened"
    STATUS_CHANGED = "status_changed"
    ASSIGNED = "assigned"
    UNASSIGNED = "unassigned"
    REVIEW_REQUESTED = "review_requested"
    REVIEWED = "reviewed"
    COMMENTED = "commented"
    LABELED = "labeled"
    CLOSED = "closed"
    REOPENED = "reopened"
    MERGED = "merged"


class TriageState(StrEnum):
    """The user's own verdict on an inbox message (kept in user data)."""

    NEW = "new"
    DONE = "done"
    SNOOZED = "snoozed"


class TodoStatus(StrEnum):
    OPEN = "open"
    WAITING = "waiting"
    SOMEDAY = "someday"
    DONE = "done"
    DROPPED = "dropped"


class Priority(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    NONE = "none"


class ActionKind(StrEnum):
    """Remote actions an adapter may support; the UI offers only the supported ones.

    `OutboxAction.target` is the remote id of the message or item acted on (for
    POST: the channel). `payload` carries the action's data: the comment or chat
    text (COMMENT, REPLY, POST), the emoji name (REACT), the label (ADD/REMOVE_LABEL),
    the status name (TRANSITION), the login (REQUEST_REVIEW), and for SEND and
    SAVE_DRAFT the complete RFC 5322 message as text.
    """

    MARK_READ = "mark_read"
    MARK_UNREAD = "mark_unread"
    FLAG = "flag"
    UNFLAG = "unflag"
    ARCHIVE = "archive"
    CLOSE = "close"
    REOPEN = "reopen"
    COMMENT = "comment"
    ASSIGN_TO_ME = "assign_to_me"
    UNASSIGN_ME = "unassign_me"
    TRANSITION = "transition"
    ADD_LABEL = "add_label"
    REMOVE_LABEL = "remove_label"
    REQUEST_REVIEW = "request_review"
    SEND = "send"
    SAVE_DRAFT = "save_draft"
    REPLY = "reply"
    REACT = "react"
    POST = "post"


class OutboxState(StrEnum):
    PENDING = "pending"
    DONE = "done"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class Person:
    """One human across systems: mail addresses and per-system logins."""

    key: str
    name: str
    emails: tuple[str, ...] = ()
    logins: dict[str, str] = field(default_factory=dict)
    role: str = ""
    vip: bool = False

    def matches(self, identity: str) -> bool:
        """True when an address or login (case-insensitive) belongs to this person."""
        needle = identity.strip().lower()
        if not needle:
            return False
        return needle in {e.lower() for e in self.emails} or needle in {
            v.lower() for v in self.logins.values()
        }


@dataclass(frozen=True, slots=True)
class Project:
    name: str
    sources: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    description: str = ""
    containers: tuple[str, ...] = ()
    """Repositories / tracker projects (e.g. "acme/api") of the sources; empty = all."""
    standup_days: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri")
    holidays: tuple[date, ...] = ()
    """Days without a standup (public holidays, company days off)."""
    blocker_days: int = 2
    """A blocker older than this many days stands out on the board."""
    stale_days: int = 7
    """An open item with no update for this many days is listed as stale."""
    unowned_priority: Priority = Priority.HIGH
    """Open items at or above this priority with no assignee are "nobody working on"."""
    summary_channel: str = ""
    """Where `P` posts the standup summary: "<source>:<channel>", e.g. "team-slack:#eng"."""


@dataclass(frozen=True, slots=True)
class Attachment:
    name: str
    content_type: str
    size: int


@dataclass(slots=True)
class Message:
    """An email or a chat message, as fetched from a source."""

    source: str
    remote_id: str
    kind: MessageKind
    folder: str
    sender_name: str
    sender_address: str
    subject: str
    body: str
    received_at: datetime
    recipients: tuple[str, ...] = ()
    cc: tuple[str, ...] = ()
    thread_id: str = ""
    in_reply_to: str = ""
    is_read: bool = False
    is_flagged: bool = False
    is_direct: bool = False
    mentions_me: bool = False
    from_me: bool = False
    is_list: bool = False
    """Bulk or automated: a mailing list (List-Id, Precedence: bulk), a newsletter, a bot."""
    url: str = ""
    labels: tuple[str, ...] = ()
    message_id: str = ""
    """The RFC 5322 Message-ID (mail) for replies and threading; "" for chat."""
    references: tuple[str, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    body_complete: bool = True
    """False when only a snippet was fetched; the full body is loaded on open."""
    id: int | None = None
    importance: int = 0
    triage: TriageState = TriageState.NEW

    @property
    def snippet(self) -> str:
        """The first words of the body on one line, for list previews."""
        return " ".join(self.body.split())[:200]


@dataclass(slots=True)
class WorkItem:
    """An issue, pull request or merge request from any tracker."""

    source: str
    remote_id: str
    key: str
    kind: ItemKind
    title: str
    status: str
    category: StatusCategory
    created_at: datetime
    updated_at: datetime
    container: str = ""
    body: str = ""
    author: str = ""
    assignees: tuple[str, ...] = ()
    reviewers: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    priority: Priority = Priority.NONE
    url: str = ""
    status_since: datetime | None = None
    blocked_reason: str = ""
    is_draft: bool = False
    milestone: str = ""
    checks: str = ""
    """CI status of a pull/merge request: "passing", "failing", "pending" or ""."""
    links: tuple[str, ...] = ()
    """Keys of linked items ("acme/api#12", "PROJ-4")."""
    estimate: float | None = None
    """Story points or the tracker's own estimate unit."""
    sprint: str = ""
    """The sprint, cycle or iteration the item is planned in."""
    id: int | None = None


@dataclass(frozen=True, slots=True)
class WorkEvent:
    """Something that happened to a work item: what, when, by whom."""

    source: str
    item_remote_id: str
    event_id: str
    kind: EventKind
    actor: str
    at: datetime
    from_value: str = ""
    to_value: str = ""


@dataclass(slots=True)
class Todo:
    title: str
    created_at: datetime
    status: TodoStatus = TodoStatus.OPEN
    priority: Priority = Priority.NONE
    notes: str = ""
    due: datetime | None = None
    scheduled: date | None = None
    project: str = ""
    tags: tuple[str, ...] = ()
    owner: str = ""
    estimate_minutes: int | None = None
    done_at: datetime | None = None
    links: tuple[str, ...] = ()
    """Source items this to-do came from: "message:SOURCE:ID", "item:SOURCE:ID", "standup:ID"."""
    recurrence: str = ""
    """A rule from `ctotui.recurrence` ("daily", "weekly:mon,thu", ...); "" = once."""
    waiting_since: datetime | None = None
    """When it was delegated (status waiting), for "waiting 3d"."""
    id: int | None = None


@dataclass(slots=True)
class StandupNote:
    """What one person said at one project's standup on one day."""

    project: str
    day: date
    person: str
    done: str = ""
    next: str = ""
    blockers: str = ""
    id: int | None = None


class BlockerState(StrEnum):
    """The user's follow-through on a blocker: raised at a standup, later resolved."""

    RAISED = "raised"
    RESOLVED = "resolved"


@dataclass(slots=True)
class StandupSession:
    """One project's standup on one day; `snapshot` is the board then (JSON text)."""

    project: str
    day: date
    started_at: datetime
    saved_at: datetime
    snapshot: str = "{}"
    id: int | None = None


@dataclass(slots=True)
class StandupBlocker:
    """A blocked item the user raised at a standup (item_ref: "item:<source>:<remote_id>")."""

    project: str
    item_ref: str
    item_key: str
    state: BlockerState
    raised_on: date
    raised_at: datetime
    resolved_at: datetime | None = None
    id: int | None = None


@dataclass(frozen=True, slots=True)
class StandupFollowUp:
    """A to-do created during a standup, linked to its day, person and item."""

    project: str
    day: date
    todo_id: int
    person: str = ""
    item_ref: str = ""


@dataclass(slots=True)
class EstimateTask:
    """One line of a work breakdown, with a three-point estimate in days."""

    name: str
    role: str
    optimistic: float
    likely: float
    pessimistic: float
    phase: str = ""
    parent_id: int | None = None
    id: int | None = None
    unit: str = "d"
    """"d" (days) or "h" (hours) for the three points."""
    links: tuple[str, ...] = ()
    """Tracker items this task became, for calibration: item keys, or "label:NAME"."""


@dataclass(slots=True)
class EstimateRisk:
    """A risk: with `probability` it adds `impact_days` of effort and `impact_cost` of cost."""

    name: str
    probability: float
    impact_days: float = 0.0
    impact_cost: float = 0.0


@dataclass(slots=True)
class FixedCost:
    """A cost that does not scale with effort: licences, hosting, hardware."""

    name: str
    amount: float


@dataclass(slots=True)
class Estimate:
    name: str
    client: str
    created_at: datetime
    description: str = ""
    contingency_pct: float = 0.0
    start_date: date | None = None
    tasks: list[EstimateTask] = field(default_factory=list)
    id: int | None = None
    assumptions: list[str] = field(default_factory=list)
    risks: list[EstimateRisk] = field(default_factory=list)
    fixed_costs: list[FixedCost] = field(default_factory=list)


@dataclass(slots=True)
class OutboxAction:
    """A user action queued for a remote source, retried until done or failed."""

    source: str
    action: ActionKind
    target: str
    created_at: datetime
    payload: str = ""
    state: OutboxState = OutboxState.PENDING
    attempts: int = 0
    last_error: str = ""
    id: int | None = None


@dataclass(frozen=True, slots=True)
class SourceStatus:
    """What the last sync of one source did."""

    source: str
    adapter: str
    last_attempt: datetime | None = None
    last_success: datetime | None = None
    last_error: str = ""
    items_total: int = 0

    @property
    def ok(self) -> bool:
        return not self.last_error
