"""The figure labels of a scope, read from the figure sets of its organisations."""

from __future__ import annotations

from handlers.committee.wording import FigureCatalog
from handlers.reporting.figures import FigureDefinition
from handlers.reporting.records import definition_from_json, definitions_for, org_chain
from services.review import ReviewScope
from storage.repos import Repositories


async def figure_catalog(repos: Repositories, scope: ReviewScope) -> FigureCatalog:
    """The scope's own set (or the nearest above it) first, then those of sub-organisations."""
    definitions: list[FigureDefinition] = []
    for scope_org in scope.orgs:
        org = await repos.orgs.get_org(scope_org.id)
        if org is not None:
            found, _owner = await definitions_for(repos, await org_chain(repos, org))
            definitions.extend(found)
    orgs = await repos.summary.orgs(scope.prefixes)
    sets = await repos.summary.figure_sets([o.id for o in orgs])
    for row in orgs:
        for data in sets.get(row.id, []):
            try:
                definitions.append(definition_from_json(data))
            except TypeError:
                continue  # a set saved by an older version: its keys still show, unlabelled
    return FigureCatalog(definitions)
