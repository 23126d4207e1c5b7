"""The GraphQL documents the Linear adapter sends, in one place so tests can assert them.

Page sizes keep one request well under Linear's per-query complexity limit
(connections multiply their children by `first`); a nested connection that
has more than one page is read to the end with `CONNECTION_PAGE`.
"""

from __future__ import annotations

NESTED_PAGE = 20
REST_PAGE = 100

HISTORY_FIELDS = (
    "id createdAt actor { displayName } fromState { name } toState { name }"
    " fromAssignee { displayName } toAssignee { displayName }"
    " addedLabels { name } removedLabels { name }"
)
LABEL_FIELDS = "name"
INVERSE_RELATION_FIELDS = "type issue { identifier state { type } }"
RELATION_FIELDS = "type relatedIssue { identifier }"

NESTED: dict[str, str] = {
    "labels": LABEL_FIELDS,
    "relations": RELATION_FIELDS,
    "inverseRelations": INVERSE_RELATION_FIELDS,
    "history": HISTORY_FIELDS,
}


def _nested(name: str) -> str:
    return (
        f"{name}(first: {NESTED_PAGE}) {{ nodes {{ {NESTED[name]} }}"
        " pageInfo { hasNextPage endCursor } }"
    )


ISSUES = (
    "query Issues($filter: IssueFilter, $first: Int!, $after: String) {"
    " issues(filter: $filter, first: $first, after: $after, orderBy: updatedAt) {"
    " nodes { id identifier title description url priority estimate createdAt updatedAt"
    " state { name type } team { key } creator { displayName } assignee { displayName }"
    " cycle { number name } project { name } "
    + " ".join(_nested(name) for name in NESTED)
    + " } pageInfo { hasNextPage endCursor } } }"
)


def connection_query(name: str) -> str:
    """The rest of one nested connection of one issue, from a cursor on."""
    return (
        f"query IssueConnection($id: String!, $after: String) {{ issue(id: $id) {{"
        f" {name}(first: {REST_PAGE}, after: $after) {{ nodes {{ {NESTED[name]} }}"
        " pageInfo { hasNextPage endCursor } } } }"
    )


VIEWER = "query Viewer { viewer { id name displayName } }"

TEAMS = (
    "query Teams($keys: [String!]) {"
    " teams(first: 100, filter: { key: { in: $keys } }) { nodes { key name } } }"
)

ISSUE_ASSIGNEE = "query IssueAssignee($id: String!) { issue(id: $id) { assignee { id } } }"

TEAM_STATES = (
    "query IssueTeamStates($id: String!) { issue(id: $id) {"
    " team { states(first: 100) { nodes { id name type position } } } } }"
)

LABELS_BY_NAME = (
    "query LabelsByName($id: String!, $name: String!) { issue(id: $id) { team { id } }"
    " issueLabels(first: 50, filter: { name: { eqIgnoreCase: $name } }) {"
    " nodes { id name team { id } } } }"
)

COMMENT = (
    "mutation Comment($issueId: String!, $body: String!) {"
    " commentCreate(input: { issueId: $issueId, body: $body }) { success } }"
)

UPDATE = (
    "mutation IssueUpdate($id: String!, $input: IssueUpdateInput!) {"
    " issueUpdate(id: $id, input: $input) { success } }"
)

ADD_LABEL = (
    "mutation AddLabel($id: String!, $labelId: String!) {"
    " issueAddLabel(id: $id, labelId: $labelId) { success } }"
)

REMOVE_LABEL = (
    "mutation RemoveLabel($id: String!, $labelId: String!) {"
    " issueRemoveLabel(id: $id, labelId: $labelId) { success } }"
)
