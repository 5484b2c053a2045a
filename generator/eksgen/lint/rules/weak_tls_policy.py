"""EKS024 weak-tls-policy: a TLS policy that still accepts TLS 1.0 or 1.1.

ELB security policies such as ELBSecurityPolicy-2016-08 (the controller's own default),
-2015-05, -TLS-1-0-2015-04, -FS-2018-06 and -TLS13-1-0-* accept TLS 1.0; -TLS-1-1-2017-01,
-FS-1-1-2019-08 and -TLS13-1-1-* accept TLS 1.1. Both versions are deprecated and fail
most compliance baselines. A warning: old clients may need them, so the listener works.

FAIL: tls {policy: ELBSecurityPolicy-2016-08}
PASS: tls {policy: ELBSecurityPolicy-TLS13-1-2-2021-06}
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model.app import App
from eksgen.model.defaults import TLS_POLICY as DEFAULT_TLS_POLICY

ID = "EKS024"
NAME = "weak-tls-policy"
SEVERITY = Severity.WARNING
GUARD = False
FIX = (
    f"Use a TLS 1.2+ policy such as {DEFAULT_TLS_POLICY} (the default when tls.policy is left out)."
)
SOURCE = (
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/"
    "describe-ssl-policies.html ; "
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/network/describe-ssl-policies.html ; "
    "https://github.com/kubernetes-sigs/aws-load-balancer-controller/blob/"
    "225f44568848eb25f13e304a5f1cc68c0cd9415d/pkg/config/controller_config.go"
)

# Policy name (or name prefix) -> the oldest TLS version it accepts.
_EXACT = {
    "ELBSecurityPolicy-2016-08": "1.0",
    "ELBSecurityPolicy-2015-05": "1.0",
    "ELBSecurityPolicy-TLS-1-0-2015-04": "1.0",
    "ELBSecurityPolicy-FS-2018-06": "1.0",
    "ELBSecurityPolicy-TLS-1-1-2017-01": "1.1",
    "ELBSecurityPolicy-FS-1-1-2019-08": "1.1",
}
_PREFIXES = {"ELBSecurityPolicy-TLS13-1-0-": "1.0", "ELBSecurityPolicy-TLS13-1-1-": "1.1"}


def oldest_tls_version(policy: str) -> str | None:
    """The TLS version below 1.2 that the policy accepts, or None for a 1.2+ policy."""
    if policy in _EXACT:
        return _EXACT[policy]
    return next((v for prefix, v in _PREFIXES.items() if policy.startswith(prefix)), None)


def check(app: App) -> Iterator[Finding]:
    """Warn about a TLS policy that accepts TLS 1.0 or 1.1."""
    if app.tls is None:
        return
    version = oldest_tls_version(app.tls.policy)
    if version is not None:
        message = (
            f"{app.tls.policy} accepts TLS {version} and later; TLS 1.0 and 1.1 are "
            f"deprecated: prefer {DEFAULT_TLS_POLICY}"
        )
        yield Finding(app, ("spec", "tls", "policy"), message)
