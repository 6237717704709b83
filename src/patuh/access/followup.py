"""Which findings and product items a user may see and act on.

Office staff see the items of their office's cycles. Agency officers see only the items owned
by their own providers, or by the government of one of them, and only in cycles whose results
have been released to them (nothing runs ahead of the release, as with e-mails).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from patuh.access import Can, can
from patuh.access.cycles import cycles_for_user, may_manage_results, may_see_results
from patuh.access.results import released_snapshots
from patuh.followup.models import Finding


def own_findings(user) -> QuerySet[Finding]:
    """The items an agency officer must follow up."""
    if not can(user, Can.VIEW_OWN_RESULTS):
        return Finding.objects.none()
    providers = user.providers.all()
    released = released_snapshots().values("cycle_id")
    return Finding.objects.filter(
        Q(provider__in=providers) | Q(government__providers__in=providers),
        cycle__in=cycles_for_user(user).filter(pk__in=released),
    ).distinct()


def get_finding_for_user(user, finding_uuid) -> Finding:
    """The item if `user` may see it (its office's staff, or its owner's officers); Http404."""
    finding = (
        Finding.objects.select_related("cycle", "product", "provider", "government")
        .filter(uuid=finding_uuid)
        .first()
    )
    if finding is not None and may_see_results(user, finding.cycle):
        return finding
    if finding is not None and own_findings(user).filter(pk=finding.pk).exists():
        return finding
    raise Http404("No such item.")


def get_finding_to_report(user, finding_uuid) -> Finding:
    """An item the agency officer `user` owns; Http404 for anything else."""
    finding = get_finding_for_user(user, finding_uuid)
    if not own_findings(user).filter(pk=finding.pk).exists():
        raise Http404("No such item.")
    return finding


def get_finding_to_decide(user, finding_uuid) -> Finding:
    """An item whose report office staff `user` may decide; 403 if they only see it."""
    finding = get_finding_for_user(user, finding_uuid)
    if not may_manage_results(user, finding.cycle):
        raise PermissionDenied
    return finding
