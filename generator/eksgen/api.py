"""The one entry to eksgen: check, render (manifests or helm values), plan, capacity, import.

The stages wired together: load -> validate -> model -> check -> render -> verify. Each
function returns data or raises InvalidInput with every problem found (UsageError for a
wrong request); none of them prints, and none writes: the command line writes what they
return through eksgen.output. The command line and library users both call these.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eksgen.errors import InvalidInput, Problem, Severity, UsageError
from eksgen.generated import generated_files_note
from eksgen.lint.config import Config
from eksgen.lint.engine import Skipped, check_specs
from eksgen.model import defaults, facts
from eksgen.model.app import ALB, GATEWAY, App, build_app, resolve_api
from eksgen.render.manifests import Manifest, render_app
from eksgen.render.templating import Templates, bundled
from eksgen.spec.load import Document, load_paths
from eksgen.spec.validate import validate_document

if TYPE_CHECKING:  # imported where they are used: add-ons pull in the IAM data, and so on
    from eksgen.capacity.request import CapacityRequest
    from eksgen.importer import ImportResult
    from eksgen.model.cluster import Cluster
    from eksgen.plan.build import Plan
    from eksgen.render.addons import ClusterOutput
    from eksgen.render.verify import Intent
    from eksgen.spec.overrides import Applied, Override


class RenderFormat(StrEnum):
    """What render produces."""

    MANIFESTS = "manifests"
    HELM_VALUES = "helm-values"


@dataclass
class CheckResult:
    """Specs that passed the schema, every problem found, and notes on skipped documents."""

    apps: list[App] = field(default_factory=list)
    clusters: list[Cluster] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    # The ExternalDNS release the rules checked against, and who named it (a Cluster spec,
    # --external-dns-version, or eksgen's pin): what the render note and the plan assume.
    external_dns_version: str = facts.versions.EXTERNAL_DNS_VERSION
    external_dns_named_by: str = "eksgen's pin"
    # The same for the AWS Load Balancer Controller release the annotations were checked against.
    controller_version: str = facts.versions.LBC_VERSION
    controller_named_by: str = "eksgen's pin"
    # The API of the Apps that name none: --api, else the Cluster's default, else ingress.
    api: str = defaults.API

    @property
    def errors(self) -> list[Problem]:
        """The problems that block rendering."""
        return [problem for problem in self.problems if problem.is_error]

    @property
    def warnings(self) -> list[Problem]:
        """The problems reported without blocking."""
        return [problem for problem in self.problems if not problem.is_error]

    @property
    def warnings_only(self) -> list[Problem]:
        """Warnings proper (not infos): what --strict turns into failures."""
        return [problem for problem in self.problems if problem.severity is Severity.WARNING]

    @property
    def spec_count(self) -> int:
        """How many specs passed the schema."""
        return len(self.apps) + len(self.clusters)


@dataclass
class RenderResult:
    """What a render produced, read back and checked, plus the warnings and notes met.

    files: relative path -> text, the layout written with -o DIR (for helm values, the
    values files; for manifests, a folder per app, cluster/<name>/ and kustomizations).
    """

    format: RenderFormat
    manifests: list[Manifest]
    clusters: list[ClusterOutput]
    warnings: list[Problem]
    notes: list[str]
    files: dict[str, str] = field(default_factory=dict)

    @property
    def stream(self) -> str:
        """The objects as one YAML stream (manifests only), ready for kubectl apply -f -."""
        from eksgen.render.layout import stream

        return stream(self.manifests)

    @property
    def cluster_files_left_out(self) -> bool:
        """Whether the stream leaves out Cluster files (values, IAM): they need -o DIR."""
        return any(cluster.files for cluster in self.clusters)


def check_paths(
    paths: Iterable[str],
    stdin: Any = None,
    config: Config | None = None,
    overrides: Sequence[Override] = (),
    *,
    controller_version: str | None = None,
    external_dns_version: str | None = None,
    api: str | None = None,
) -> CheckResult:
    """Load and check specs: YAML, schema and semantic rules; nothing is rendered.

    config holds the rules switched off for the repository (.eksgen.yaml); None: none.
    overrides (--set) change the App they name, or every App, before it is checked: a path
    the App schema lacks or a NAME that names no App is a UsageError, a value the schema
    refuses is the one problem reported, and a problem that only the changed specs have
    names the override it comes from. controller_version and external_dns_version name the
    releases that no Cluster spec names (a Cluster spec's loadBalancerController.version
    and externalDns.version win); None: eksgen's pins. api (render --api) is the API of the
    Apps whose spec.exposure.api is not set; None: the Cluster spec's gatewayApi.default,
    else ingress.
    """
    paths, overrides = list(paths), list(overrides)
    config = config or Config()
    refused = _refused_overrides(overrides)
    loaded = load_paths(paths, stdin)
    applied = _apply_overrides(loaded.documents, overrides)
    if refused:
        return CheckResult(problems=sorted([*refused, *loaded.problems]), notes=loaded.notes)
    versions = {
        "controller_version": controller_version,
        "external_dns_version": external_dns_version,
        "api": api,
    }
    if applied is None:
        result = check_documents(loaded.documents, config, **versions)
    else:
        result = _check_applied(applied, loaded.documents, config, **versions)
    result.problems += [*loaded.problems, *config.problems]
    result.notes = loaded.notes + result.notes
    if loaded.generated:
        result.notes.append(generated_files_note(loaded.generated, "eksgen's output, not specs"))
    if not loaded.documents and not loaded.problems:
        given = " ".join(paths) or "the given paths"
        result.problems.append(Problem("", 0, 0, "", f"no eksgen specs found in {given}"))
    result.problems.sort()
    return result


def _apply_overrides(documents: list[Document], overrides: list[Override]) -> Applied | None:
    """The documents as the --set flags change them; None without any (nothing imported)."""
    if not overrides:
        return None
    from eksgen.spec.overrides import apply_overrides

    return apply_overrides(documents, overrides)


def _check_applied(
    applied: Applied, written: list[Document], config: Config, **versions: str | None
) -> CheckResult:
    """Check the specs as --set changed them; name the --set behind what only they have.

    The specs as written are checked again only when the changed ones have errors or
    warnings, to tell those the --set brought from those the files hold anyway.
    """
    result = check_documents(applied.documents, config, **versions)
    if applied.changes and any(p.severity is not Severity.INFO for p in result.problems):
        from eksgen.spec.override_causes import blame_overrides

        before = check_documents(written, config, **versions).problems
        result.problems = blame_overrides(result.problems, before, applied)
    return result


def _refused_overrides(overrides: list[Override]) -> list[Problem]:
    """What the App schema refuses in the --set values (imported only when there are some)."""
    if not overrides:
        return []
    from eksgen.spec.override_check import check_overrides

    return check_overrides(overrides)


def check_documents(
    documents: Iterable[Document],
    config: Config | None = None,
    *,
    controller_version: str | None = None,
    external_dns_version: str | None = None,
    api: str | None = None,
) -> CheckResult:
    """Check loaded documents (from files, or a KRM functionConfig): schema, then rules.

    The two releases and the API are check_paths'.
    """
    config = config or Config()
    result = CheckResult()
    for document in documents:
        schema_problems = validate_document(document)
        result.problems.extend(schema_problems)
        if schema_problems:
            continue
        if document.kind == "Cluster":
            from eksgen.model.cluster import build_cluster  # a run of Apps alone never needs it

            result.clusters.append(build_cluster(document))
        else:
            result.apps.append(build_app(document))
    result.api = api or (
        result.clusters[0].gateway_api.default if result.clusters else defaults.API
    )
    result.apps = [resolve_api(app, result.api) for app in result.apps]
    result.apps = _apply_classes(result.apps, result.clusters)
    outcome = check_specs(
        result.apps,
        result.clusters,
        config.ignore,
        config.file,
        controller_version=controller_version,
        external_dns_version=external_dns_version,
    )
    result.problems.extend(outcome.problems)
    result.skipped = outcome.skipped
    result.notes = outcome.notes
    result.external_dns_version = outcome.versions.external_dns.version
    result.external_dns_named_by = outcome.versions.external_dns.named_by
    result.controller_version = outcome.versions.lbc.version
    result.controller_named_by = outcome.versions.lbc.named_by
    result.problems.sort()
    return result


def _apply_classes(apps: list[App], clusters: list[Cluster]) -> list[App]:
    """Apps of a Cluster's IngressClass take its settings (eksgen.model.ingress_class).

    A run of Apps alone has no class to apply: it imports neither model module.
    """
    if not clusters:
        return apps
    from eksgen.model import apply_class, ingress_classes

    classes = ingress_classes(clusters)
    if not classes:
        return apps
    return [apply_class(app, classes) for app in apps]


NO_APP_FOR_HELM_VALUES = (
    "--format helm-values makes one values.yaml per App, and no App spec was given "
    "(a Cluster's add-on values are written by --format manifests -o DIR)"
)


def render(
    paths: Iterable[str],
    *,
    format: RenderFormat = RenderFormat.MANIFESTS,
    templates: Path | None = None,
    stdin: Any = None,
    config: Config | None = None,
    overrides: Sequence[Override] = (),
    controller_version: str | None = None,
    external_dns_version: str | None = None,
    api: str | None = None,
) -> RenderResult:
    """Check every spec found and render it; raise InvalidInput (and render nothing) on errors.

    templates: a folder of templates that override the bundled ones by name (sandboxed).
    controller_version, external_dns_version, api: as check_paths takes them.
    """
    if templates is not None and not templates.is_dir():
        raise UsageError(f"--templates {templates}: no such folder")
    checked = check_paths(
        paths,
        stdin,
        config,
        overrides,
        controller_version=controller_version,
        external_dns_version=external_dns_version,
        api=api,
    )
    return render_checked(checked, format=format, templates=templates)


def render_paths(
    paths: Iterable[str],
    stdin: Any = None,
    config: Config | None = None,
    overrides: Sequence[Override] = (),
) -> RenderResult:
    """render() of manifests with the bundled templates."""
    return render(paths, stdin=stdin, config=config, overrides=overrides)


def render_checked(
    checked: CheckResult,
    *,
    format: RenderFormat = RenderFormat.MANIFESTS,
    templates: Path | None = None,
) -> RenderResult:
    """Render and read back specs already checked; InvalidInput if the checks found errors.

    A text that does not read back as intended is a bug in eksgen, or, with user templates,
    in the user's template: then it is reported as a TemplateError (exit 1).
    """
    from eksgen.render.templating import TemplateError
    from eksgen.render.verify import RenderCheckFailed

    if checked.errors:
        raise InvalidInput(checked.errors)
    chosen = bundled() if templates is None else Templates(templates)
    try:
        return _render(checked, format, chosen)
    except RenderCheckFailed as error:
        if not chosen.from_user:
            raise
        raise TemplateError(f"{error} (from a template in {templates})") from None


def _render(checked: CheckResult, format: RenderFormat, templates: Templates) -> RenderResult:
    from eksgen.render.layout import output_files
    from eksgen.render.verify import verify, verify_text

    prefix = _dns_prefix(checked.clusters)
    warnings, notes = checked.warnings, checked.notes + _dns_prefix_note(checked, prefix)
    if format is RenderFormat.HELM_VALUES:
        # Cluster specs take part in the checks and give the ExternalDNS annotation prefix;
        # their add-on files are rendered with --format manifests.
        if not checked.apps:
            raise InvalidInput([Problem("", 0, 0, "", NO_APP_FOR_HELM_VALUES)])
        gateway_apps = [app for app in checked.apps if app.uses_gateway]
        if gateway_apps:
            raise InvalidInput([_no_helm_values_for_gateway(app) for app in gateway_apps])
        values, intents = _helm_values(checked.apps, prefix, templates)
        _verify_files(values, intents, verify_text)
        return RenderResult(format, [], [], warnings, notes, values)
    manifests = [m for app in checked.apps for m in render_app(app, prefix, templates)]
    gateway_manifests = _gateway_manifests(checked, prefix, templates)
    if gateway_manifests:
        from eksgen.render import gateway_notes

        notes = notes + gateway_notes(checked.controller_version)
    manifests += gateway_manifests
    gateway_api = checked.api == GATEWAY or any(app.uses_gateway for app in checked.apps)
    clusters = _render_clusters(checked.clusters, templates, gateway_api, checked.apps)
    manifests += [m for cluster in clusters for m in cluster.manifests]
    verify(manifests)
    for cluster in clusters:
        _verify_files(cluster.files, cluster.intents, verify_text, f"cluster/{cluster.name}/")
    manifests.sort(key=lambda manifest: manifest.sort_key)
    files = output_files(manifests, clusters, templates)  # kustomizations read back too
    return RenderResult(format, manifests, clusters, warnings, notes, files)


def _no_helm_values_for_gateway(app: App) -> Problem:
    """--format helm-values fills the stock chart's Ingress: a Gateway App has none."""
    from eksgen.spec.locate import locate

    exposure = app.raw.get("spec", {}).get("exposure", {})
    path = ("spec", "exposure", "api" if "api" in exposure else "type")
    line, column = locate(app.document, path)
    message = (
        "uses the Gateway API, which --format helm-values does not write (the values fill "
        "the chart's Service and Ingress): render it with --format manifests, or give it "
        "exposure.api: ingress"
    )
    return Problem(app.file, line, column, ".".join(path), message)


def _gateway_manifests(checked: CheckResult, prefix: str, templates: Templates) -> list[Manifest]:
    """The Gateway API objects of the Apps that use them (the module is loaded only then)."""
    if not any(app.uses_gateway for app in checked.apps):
        return []
    from eksgen.render import GatewayRun, render_gateways

    classes = checked.clusters[0].gateway_api if checked.clusters else None
    run = GatewayRun(
        alb_class=classes.alb_class if classes else defaults.ALB_GATEWAY_CLASS,
        nlb_class=classes.nlb_class if classes else defaults.NLB_GATEWAY_CLASS,
        config_api_version=facts.gateway.config_api_version(checked.controller_version),
        dns_prefix=prefix,
    )
    return render_gateways(checked.apps, run, templates)


def _dns_prefix(clusters: list[Cluster]) -> str:
    """The run's ExternalDNS annotation prefix; without a Cluster spec, eksgen's default.

    eksgen.model.cluster.dns_prefix says the same; it is imported only when there is a
    Cluster to read, so that a run of Apps alone does not load the Cluster model.
    """
    if not clusters:
        return defaults.DNS_ANNOTATION_PREFIX
    from eksgen.model.cluster import dns_prefix

    return dns_prefix(clusters)


def _dns_prefix_note(checked: CheckResult, prefix: str) -> list[str]:
    """One note when the Apps carry ExternalDNS annotations and no values set the prefix.

    A Cluster spec's externalDns values pass --annotation-prefix; without them ExternalDNS
    reads its own default, external-dns.kubernetes.io/ from 0.22.0 (source/annotations/
    annotations.go), and the alpha prefix eksgen then writes is ignored: the Ingress rule
    hosts are still published (the ingress source reads the rules), annotation-only and
    ttl are not read, and an nlb App's Service gets no record.
    """
    if any(cluster.external_dns for cluster in checked.clusters[:1]):
        return []
    if not any(
        app.publishes_dns or (app.exposure.type == ALB and app.hosts) for app in checked.apps
    ):
        return []
    assumed = f"ExternalDNS {checked.external_dns_version} ({checked.external_dns_named_by})"
    ignored = not facts.external_dns.reads_prefix(checked.external_dns_version, prefix)
    verdict = f"{assumed} is one of them" if ignored else f"this run assumes {assumed}"
    since = facts.external_dns.GA_DEFAULT_SINCE
    return [
        "no Cluster spec sets ExternalDNS's --annotation-prefix: the Apps' ExternalDNS "
        f"annotations use {prefix}, which ExternalDNS {since} and later ignore unless run "
        f"with --annotation-prefix={prefix} (then Ingress rule hosts are published whatever "
        f"spec.dns says, and nlb Apps get no record); {verdict}"
    ]


def _helm_values(
    apps: list[App], prefix: str, templates: Templates
) -> tuple[dict[str, str], dict[str, Intent]]:
    from eksgen.generated import HEADER
    from eksgen.render.helm_values import helm_values_files

    return helm_values_files(apps, prefix, HEADER, templates)


def _verify_files(
    files: dict[str, str], intents: dict[str, Intent], verify_text: Any, folder: str = ""
) -> None:
    for name, intent in intents.items():
        verify_text(files[name], folder + name, intent)


def _render_clusters(
    clusters: list[Cluster],
    templates: Templates,
    gateway_api: bool = False,
    apps: Sequence[App] = (),
) -> list[ClusterOutput]:
    if not clusters:
        return []  # the add-on values and IAM policies are not even imported
    from eksgen.render.addons import render_cluster

    return [render_cluster(cluster, templates, gateway_api, apps) for cluster in clusters]


def plan(
    paths: Iterable[str],
    prices: Path | None = None,
    *,
    overrides: Sequence[Override] = (),
    controller_version: str | None = None,
    external_dns_version: str | None = None,
    api: str | None = None,
) -> tuple[Plan, CheckResult]:
    """What the specs create in AWS, and the checks' result (its warnings and notes).

    The plan reports IngressGroup conflicts and hosts shared by two load balancers itself,
    so the rules that find those do not block it; any other error does (InvalidInput).
    The DNS records are those the ExternalDNS release in force publishes (check_paths').
    overrides (--set) change the Apps first, as check_paths takes them.
    """
    from eksgen.plan.build import REPORTED_BY_PLAN, build_plan
    from eksgen.plan.pricing import load_prices

    checked = check_paths(
        paths,
        overrides=overrides,
        controller_version=controller_version,
        external_dns_version=external_dns_version,
        api=api,
    )
    blocking = [p for p in checked.errors if p.rule not in REPORTED_BY_PLAN]
    if blocking:
        raise InvalidInput(blocking)
    built = build_plan(
        checked.apps,
        checked.clusters,
        load_prices(prices),
        external_dns_version=checked.external_dns_version,
    )
    return built, checked


def capacity(request: CapacityRequest) -> tuple[str, list[str]]:
    """(report, notes): pods per node and subnet headroom, for flags or a Cluster spec."""
    from eksgen.capacity.request import check_request, run_capacity

    check_request(request)
    if not request.paths:
        return run_capacity(request), []
    checked = check_paths(request.paths)
    if checked.errors:
        raise InvalidInput(checked.errors)
    if len(checked.clusters) != 1:  # what the files hold: refused input, as errors in them are
        given, found = " ".join(request.paths), len(checked.clusters) or "no"
        message = f"{found} Cluster spec(s) in {given}: capacity plans the node groups of one"
        raise InvalidInput([Problem("", 0, 0, "", message)])
    return run_capacity(request, checked.clusters[0]), checked.notes


def import_(paths: list[str], stdin: Any = None) -> ImportResult:
    """App specs that render the Services, Ingresses and SecurityGroupPolicies in paths."""
    from eksgen.importer import import_manifests

    return import_manifests(paths, stdin)
