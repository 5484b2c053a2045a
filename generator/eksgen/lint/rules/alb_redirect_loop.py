"""EKS091 alb-redirect-loop: a redirect must change the URL.

A redirect action keeps every part of the request's URL it does not set (#{protocol},
#{host}, #{port}, /#{path}, #{query}). One that sets none, or sets each to its placeholder,
sends the client back to the URL it asked for: ELBv2 refuses such a redirect, since it would
loop.

FAIL: redirect {statusCode: 301}
PASS: redirect {protocol: HTTPS, statusCode: 301}
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.actions import REDIRECT, REDIRECT_PARTS
from eksgen.model.app import App

ID = "EKS091"
NAME = "alb-redirect-loop"
SEVERITY = Severity.ERROR
GUARD = True
GUARD_REASON = "ELBv2 refuses a redirect that keeps the URL"
FIX = "Set at least one of protocol, host, port, path or query to a new value."
SOURCE = (
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/"
    "load-balancer-listeners.html#redirect-actions"
)


def check(app: App) -> Iterator[Finding]:
    """Flag redirects that keep every part of the URL."""
    for action in app.actions:
        if action.kind != REDIRECT:
            continue
        changed = [
            key
            for key, placeholder in REDIRECT_PARTS.items()
            if action.setting(key) is not None and str(action.setting(key)) != placeholder
        ]
        if not changed:
            message = "changes no part of the URL: the client would be sent where it already is"
            yield Finding(app, ("spec", "actions", action.name, "redirect"), message, at_key=True)
