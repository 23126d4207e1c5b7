"""Google sign-in for installed apps: the loopback redirect with PKCE, usable over SSH.

Google's device flow does not grant the mail scope, so Gmail uses the flow
Google documents for desktop and command-line apps: ctotui listens on
127.0.0.1, prints the sign-in URL, and the browser is sent back to that port
with a code. Over SSH the browser runs on another machine, so two ways in
work: forward the port (`ssh -L PORT:127.0.0.1:PORT host`), or, when the
browser ends on a page that cannot be reached, paste that page's address at
the prompt. The `state` value is checked either way; PKCE (S256) binds the code
to this run.
"""

from __future__ import annotations

import base64
import hashlib
import queue
import secrets
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

from ctotui.oauth import OAuthError, OAuthSettings, TokenAnswer, error_code, post_form, token_answer

WAIT_SECONDS = 600.0
ReadLine = Callable[[str], str]
Show = Callable[[str], None]

_DONE_PAGE = (
    b"<!doctype html><meta charset=utf-8><title>ctotui</title>"
    b"<p>Signed in. You can close this tab and go back to the terminal.</p>"
)


def pkce_pair() -> tuple[str, str]:
    """A code verifier and its S256 challenge (RFC 7636)."""
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _query(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url.strip()).query).items()}


def _handler(answers: queue.Queue[dict[str, str]]) -> type[BaseHTTPRequestHandler]:
    class Redirect(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            params = _query(self.path)
            if "code" not in params and "error" not in params:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(_DONE_PAGE)))
            self.end_headers()
            self.wfile.write(_DONE_PAGE)
            answers.put(params)

        def log_message(self, format: str, *args: object) -> None:
            return  # the query holds the code: keep it out of stderr

    return Redirect


def sign_in(
    settings: OAuthSettings,
    *,
    show: Show,
    read_line: ReadLine = input,
    wait_seconds: float = WAIT_SECONDS,
) -> TokenAnswer:
    """Run the whole sign-in; the tokens, or OAuthError saying why not."""
    what = f"Signing in {settings.source!r}"
    answers: queue.Queue[dict[str, str]] = queue.Queue()
    try:
        server = HTTPServer(("127.0.0.1", 0), _handler(answers))
    except OSError as error:
        raise OAuthError(f"{what}: cannot listen on 127.0.0.1 ({error.strerror})") from None
    port = int(server.server_address[1])
    redirect_uri = f"http://127.0.0.1:{port}"
    verifier, challenge = pkce_pair()
    state = secrets.token_urlsafe(16)
    url = (
        settings.provider.authorize_url
        + "?"
        + urlencode(
            {
                "client_id": settings.client_id,
                "redirect_uri": redirect_uri,
                "response_type": "code",
                "scope": settings.provider.scope,
                "code_challenge": challenge,
                "code_challenge_method": "S256",
                "state": state,
                "access_type": "offline",
                "prompt": "consent",
            }
        )
    )
    serving = threading.Thread(target=server.serve_forever, daemon=True)
    serving.start()
    try:
        show(f"To sign in {settings.source} with {settings.provider.label}, open this URL:")
        show("")
        show(f"  {url}")
        show("")
        show(
            f"ctotui waits for the browser at {redirect_uri}. Over SSH, either forward that "
            f"port first (ssh -L {port}:127.0.0.1:{port} HOST), or, when the browser ends on "
            "a page that cannot be reached, copy that page's address and paste it here."
        )
        _read_in_background(read_line, answers)
        try:
            params = answers.get(timeout=wait_seconds)
        except queue.Empty:
            raise OAuthError(
                f"{what}: no answer from the browser within {wait_seconds / 60:.0f} minutes; "
                f"run `ctotui auth login {settings.source}` again."
            ) from None
    finally:
        server.shutdown()
        server.server_close()
    return _exchange(settings, params, state=state, verifier=verifier, redirect_uri=redirect_uri)


def _read_in_background(read_line: ReadLine, answers: queue.Queue[dict[str, str]]) -> None:
    """Pasted addresses go to the same queue as the redirect; EOF just stops reading."""

    def read() -> None:
        while True:
            try:
                line = read_line("Address (or wait for the browser): ")
            except (EOFError, OSError):
                return
            params = _query(line)
            if "code" in params or "error" in params:
                answers.put(params)
                return

    threading.Thread(target=read, daemon=True).start()


def _exchange(
    settings: OAuthSettings,
    params: dict[str, str],
    *,
    state: str,
    verifier: str,
    redirect_uri: str,
) -> TokenAnswer:
    what = f"Signing in {settings.source!r}"
    again = f"run `ctotui auth login {settings.source}` again"
    if not secrets.compare_digest(params.get("state", ""), state):
        raise OAuthError(f"{what}: the answer does not belong to this sign-in; {again}.")
    if "error" in params:
        code = error_code(params)
        if code == "access_denied":
            raise OAuthError(f"{what}: the sign-in was declined in the browser; {again}.")
        raise OAuthError(f"{what}: the sign-in failed ({code or 'unknown error'}); {again}.")
    fields = {
        "grant_type": "authorization_code",
        "code": params.get("code", ""),
        "redirect_uri": redirect_uri,
        "code_verifier": verifier,
        **settings.client_fields(),
    }
    status, data = post_form(settings.provider.token_url, fields, what=what)
    if status == 200:
        return token_answer(data, what=what)
    code = error_code(data)
    detail = f" ({code})" if code else ""
    raise OAuthError(f"{what}: exchanging the code failed with HTTP {status}{detail}; {again}.")
