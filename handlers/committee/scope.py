"""Which subtrees an officer reviews: their own organisations, or one inside them."""

from __future__ import annotations

from datetime import date

from scheduler.periods import month_of
from scheduler.reporting_window import is_open, open_until_day
from scheduler.review_periods import ReviewPeriod
from services.access import ORG_ROLES, Principal
from services.cell_setting import org_chain
from services.review import ReviewScope, scope_of
from storage.models import Organization
from storage.repos import Repositories


async def officer_scope(repos: Repositories, principal: Principal) -> ReviewScope:
    """The organisations an officer (or admin: every top-level one) may review, as a scope."""
    if principal.is_admin:
        roots = [o for o in await repos.orgs.orgs() if o.parent_id is None]
        return scope_of(roots)
    orgs: list[Organization] = []
    for grant in principal.grants:
        if grant.org_id is not None and grant.role in ORG_ROLES:
            org = await repos.orgs.get_org(grant.org_id)
            if org is not None:
                orgs.append(org)
    return scope_of(orgs)


async def narrowed_scope(
    repos: Repositories, principal: Principal, org_id: int | None
) -> ReviewScope | None:
    """One organisation's subtree when the person covers it; their whole scope for None."""
    if org_id is None:
        return await officer_scope(repos, principal)
    org = await repos.orgs.get_org(org_id)
    if org is None or not principal.covers_org(org):
        return None
    return scope_of([org])


async def default_period(repos: Repositories, principal: Principal, today: date) -> ReviewPeriod:
    """The period a summary is about when none is typed: last month while its reports are still
    open (to the closing day its organisation set, the 10th by default), else this month. On
    01/12 it is November: December's meetings are ahead."""
    return await default_period_of(repos, await officer_scope(repos, principal), today)


async def default_period_of(repos: Repositories, scope: ReviewScope, today: date) -> ReviewPeriod:
    """`default_period` for a scope (the command line's --scope)."""
    previous = month_of(today).plus(-1)
    days = []
    for scope_org in scope.orgs:
        org = await repos.orgs.get_org(scope_org.id)
        if org is not None:
            chain = await org_chain(repos, org)
            days.append(open_until_day([o.settings or {} for o in chain]))
    if is_open(previous, today, max(days, default=open_until_day([]))):
        return ReviewPeriod.of_month(previous)
    return ReviewPeriod.of_month(month_of(today))


async def has_groups(repos: Repositories, scope: ReviewScope) -> bool:
    """Whether a summary of `scope` splits into sub-organisations (several roots, or a root with
    organisations below it)."""
    if len(scope.orgs) > 1:
        return True
    return len(await repos.summary.orgs(scope.prefixes)) > 1
