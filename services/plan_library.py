"""The plans as the running bot sees them: imported into the database, searched in memory.

Every instance keeps its own PlanIndex and rebuilds it when the database's plan stamp changes,
so an import on one instance is seen by the others at their next question.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from knowledge.index import PlanIndex
from knowledge.model import SCHEMA_VERSION, Identity, ParsedPlan
from knowledge.parsing import import_plan, parse_plan
from storage.models import Organization, PlanDocument
from storage.repos import Repositories

CODE_FIELDS = ("number", "symbol", "kind")


class ImportStatus(StrEnum):
    CREATED = "created"
    UNCHANGED = "unchanged"
    REPLACED = "replaced"


@dataclass(frozen=True)
class ImportOutcome:
    status: ImportStatus
    document: PlanDocument
    plan: ParsedPlan


def with_corrections(plan: ParsedPlan, document: PlanDocument) -> ParsedPlan:
    """The parsed plan with the identity the officer confirmed or filled in."""
    identity = plan.identity
    changes: dict[str, object] = {}
    if document.code and document.code != identity.code:
        number, _, symbol = document.code.partition("-")
        changes.update(number=number.strip() or None, symbol=symbol.strip() or None)
        if symbol and not identity.kind:
            changes["kind"] = symbol.split("/", 1)[0].strip() or None
    if document.issued_on and document.issued_on != identity.date:
        changes["date"] = document.issued_on
    if document.issuer and document.issuer != identity.issuer:
        changes["issuer"] = document.issuer
    if document.signer and document.signer != identity.signer:
        changes["signer"] = document.signer
    if not changes:
        return plan
    return dataclasses.replace(plan, identity=dataclasses.replace(identity, **changes))  # type: ignore[arg-type]


def load_plan(document: PlanDocument) -> ParsedPlan:
    """The stored plan with the officer's corrections; one stored by an older parser is parsed
    again from its text, so it gains what the parser has learnt since (same id and hash)."""
    data = document.parsed
    if int(data.get("schema", 1)) < SCHEMA_VERSION:
        plan = dataclasses.replace(
            parse_plan(data["text"], source_name=data.get("source_name", "")),
            content_hash=data["content_hash"],
        )
    else:
        plan = ParsedPlan.from_dict(data)
    return with_corrections(dataclasses.replace(plan, document_id=str(document.id)), document)


async def import_document(
    repos: Repositories, org: Organization, *, filename: str, data: bytes,
    actor_id: int | None, now: datetime,
) -> ImportOutcome:
    """Read, parse and store one document in the caller's transaction (all or nothing).

    The same content again changes nothing; a plan with the same number and symbol, or the same
    file name, in the same organisation is replaced by the new version and kept as history.
    Raises knowledge.PlanImportError for a file that cannot be used.
    """
    assert org.id is not None
    plan = import_plan(data, filename)
    same = await repos.plans.find_current(org.id, content_hash=plan.content_hash)
    if same is not None:
        return ImportOutcome(ImportStatus.UNCHANGED, same, load_plan(same))
    previous = await repos.plans.find_current(
        org.id, code=plan.identity.code, source_name=filename
    )
    document = PlanDocument(
        org_id=org.id,
        source_name=filename[:255],
        content_hash=plan.content_hash,
        code=plan.identity.code,
        issued_on=plan.identity.date,
        issuer=plan.identity.issuer,
        signer=plan.identity.signer,
        parsed={},
        version=previous.version + 1 if previous else 1,
        imported_by=actor_id,
        imported_at=now,
        updated_at=now,
    )
    await repos.plans.add(document)
    plan = dataclasses.replace(plan, document_id=str(document.id))
    document.parsed = plan.to_dict()
    await repos.plans.save(document)
    if previous is not None:
        await repos.plans.supersede(previous, now)
    await repos.audit.record(
        actor_account_id=actor_id, actor_label="" if actor_id else "cli",
        action="plan.replace" if previous else "plan.import", entity="plan",
        entity_id=document.id, now=now,
        before={"document_id": previous.id, "version": previous.version} if previous else None,
        after={"source_name": document.source_name, "code": document.code,
               "content_hash": document.content_hash, "version": document.version},
    )
    status = ImportStatus.REPLACED if previous else ImportStatus.CREATED
    return ImportOutcome(status, document, plan)


async def correct_identity(
    repos: Repositories, document: PlanDocument, *, actor_id: int | None, now: datetime,
    code: str | None = None, issued_on: date | None = None, issuer: str | None = None,
    signer: str | None = None,
) -> None:
    """Record what the officer confirmed or filled in for a plan's identity."""
    before = {"code": document.code, "issued_on": str(document.issued_on or ""),
              "issuer": document.issuer, "signer": document.signer}
    if code is not None:
        document.code = code
    if issued_on is not None:
        document.issued_on = issued_on
    if issuer is not None:
        document.issuer = issuer[:255]
    if signer is not None:
        document.signer = signer[:255]
    document.updated_at = now
    await repos.plans.save(document)
    await repos.audit.record(
        actor_account_id=actor_id, action="plan.identity", entity="plan", entity_id=document.id,
        now=now, before=before,
        after={"code": document.code, "issued_on": str(document.issued_on or ""),
               "issuer": document.issuer, "signer": document.signer},
    )


class PlanLibrary:
    """The in-memory index over the current plans, refreshed when the database changes."""

    def __init__(self) -> None:
        self._index = PlanIndex()
        self._stamp: str | None = None
        self._org_of: dict[str, int] = {}

    async def index(self, repos: Repositories) -> PlanIndex:
        stamp = await repos.plans.stamp()
        if stamp != self._stamp:
            documents = await repos.plans.current()
            owners = {org.id: org.name for org in await repos.orgs.orgs()}
            self._index = PlanIndex.build(
                dataclasses.replace(load_plan(d), owner=owners.get(d.org_id, ""))
                for d in documents
            )
            self._org_of = {str(d.id): d.org_id for d in documents}
            self._stamp = stamp
        return self._index

    def org_of(self, document_id: str) -> int | None:
        return self._org_of.get(document_id)

    def documents_of(self, org_ids: set[int]) -> set[str]:
        return {doc for doc, org in self._org_of.items() if org in org_ids}


ASKED_FIELDS = ("number", "date", "issuer", "signer")


def identity_missing(identity: Identity) -> tuple[str, ...]:
    """The identity fields the parser did not find and an officer is asked for."""
    return tuple(f for f in ASKED_FIELDS if f in identity.missing)
