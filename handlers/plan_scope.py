"""Which imported plans a person may read: their organisations' own and those above them;
an officer also reads the plans of the organisations under them."""

from __future__ import annotations

from knowledge.answers import Asker
from services.access import ORG_ROLES, Principal
from services.plan_library import PlanLibrary
from storage.models import Organization
from storage.models.orgs import lineage_of
from storage.repos import Repositories


async def scope_paths(repos: Repositories, principal: Principal) -> tuple[list[str], list[str]]:
    """(paths of every organisation the person belongs to, paths of the subtrees they cover)."""
    own: list[str] = []
    covered: list[str] = []
    for grant in principal.grants:
        if grant.cell_id is not None:
            cell = await repos.orgs.get_cell(grant.cell_id)
            if cell is not None:
                own.append((await repos.orgs.org_of_cell(cell)).path)
        elif grant.org_path is not None:
            own.append(grant.org_path)
            if grant.role in ORG_ROLES:
                covered.append(grant.org_path)
    return own, covered


async def readable_documents(
    repos: Repositories, principal: Principal, library: PlanLibrary
) -> set[str] | None:
    """The plan ids the person may read (None: every plan, for an administrator)."""
    if principal.is_admin:
        return None
    own, covered = await scope_paths(repos, principal)
    orgs: list[Organization] = list(await repos.orgs.orgs())
    readable = {
        org.id
        for org in orgs
        if org.id is not None
        and (
            any(path.startswith(org.path) for path in own)
            or any(org.path.startswith(path) for path in covered)
        )
    }
    return library.documents_of(readable)


async def asker_of(repos: Repositories, principal: Principal, library: PlanLibrary) -> Asker:
    """Who is asking, for the plan answers: the plans they may read, and how near each plan's
    organisation is to their own (0: their own, 1: the one above ...), so their plans come
    first. An administrator reads every plan and prefers none."""
    readable = await readable_documents(repos, principal, library)
    if readable is None:
        return Asker()
    own, _covered = await scope_paths(repos, principal)
    nearness: dict[int, int] = {}
    for path in own:
        chain = lineage_of(path)
        for level, org_id in enumerate(reversed(chain)):
            nearness[org_id] = min(level, nearness.get(org_id, level))
    by_document: dict[str, int] = {}
    for document_id in readable:
        owner = library.org_of(document_id)
        if owner is not None and owner in nearness:
            by_document[document_id] = nearness[owner]
    return Asker(frozenset(readable), by_document)


async def import_target(repos: Repositories, principal: Principal) -> Organization | None:
    """The organisation an officer's upload is imported for: the first one they cover."""
    for grant in principal.grants:
        if grant.role in ORG_ROLES and grant.org_id is not None:
            return await repos.orgs.get_org(grant.org_id)
    if principal.is_admin:
        roots = [o for o in await repos.orgs.orgs() if o.parent_id is None]
        return roots[0] if len(roots) == 1 else None
    return None
