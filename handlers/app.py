"""Composition of the conversation core: which commands exist and who may use them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from core.clock import Clock
from core.i18n import N_, Catalogs
from handlers.context import Context, CoreConfig, Services
from handlers.core import ConversationCore, FileHandler, FreeTextHandler
from handlers.flow import CommandSpec, Flow, Outcome
from handlers.flows.admin_orgs import AddCellFlow, AddOrgFlow
from handlers.flows.basics import CancelFlow, HelpFlow, HelpSection, LanguageFlow
from handlers.flows.cell_info import CellInfoFlow
from handlers.flows.closing import ClosingFlow
from handlers.flows.committee import ChartFlow, DraftReportFlow, ExportFlow, LateCellsFlow
from handlers.flows.edit_report import EditReportFlow
from handlers.flows.figures import FiguresFlow
from handlers.flows.invite import InviteFlow
from handlers.flows.link import LinkFlow
from handlers.flows.onboarding import OnboardingFlow
from handlers.flows.plans import CellTasksFlow, PlansListFlow, PlanUploadFlow, QuestionFlow
from handlers.flows.report import ReportFlow
from handlers.flows.report_help import report_help
from handlers.flows.review import ReviewFlow
from handlers.flows.revoke import RevokeFlow
from handlers.flows.schedule import schedule_commands
from handlers.typed_commands import command_with_period
from services.access import CELL_ROLES, RoleName
from services.plan_library import PlanLibrary

EVERYONE = frozenset(RoleName)
OFFICERS = frozenset({RoleName.OFFICER, RoleName.ADMIN})
ADMINS = frozenset({RoleName.ADMIN})


@dataclass(frozen=True)
class Conversations:
    """Every command (who may use it, what /trogiup says of it, its flow) and the handlers of
    free text and of files."""

    commands: Mapping[str, CommandSpec]
    free_text: FreeTextHandler
    file_handler: FileHandler
    extra_flows: Sequence[Flow]


def build_conversations(
    library: PlanLibrary, *, help_sections: Sequence[HelpSection] = ()
) -> Conversations:
    """The commands and flows of chibo, over one plan library."""
    commands: dict[str, CommandSpec] = {}

    async def typed_command(ctx: Context, text: str) -> Outcome | None:
        """A command typed in words with a period ("tong hop thang 12"), for whom it is open."""
        found = command_with_period(text, ctx.today())
        spec = commands.get(found[0]) if found is not None else None
        if found is None or spec is None or not ctx.principal.is_member:
            return None
        if not (spec.public or ctx.principal.has_any(spec.roles)):
            return None  # a secretary's «tong hop thang 12» stays a question, as «tong hop»
        return await spec.flow.start(ctx, found[1])

    questions = QuestionFlow(library, typed_command=typed_command)
    uploads = PlanUploadFlow(library)
    help_flow = HelpFlow(lambda: commands.values(), [report_help, *help_sections])
    specs = [
        CommandSpec("trogiup", EVERYONE, N_("help for your role"), help_flow, public=True),
        CommandSpec(
            "huy", EVERYONE, N_("leave the current step without saving"), CancelFlow(), public=True
        ),
        CommandSpec(
            "ngonngu",
            EVERYONE,
            N_("Tiếng Việt / English"),
            LanguageFlow(),
            public=True,
            beside=True,
        ),
        CommandSpec(
            "lienket", EVERYONE, N_("use chibo on both Zalo and Telegram"), LinkFlow(), public=True
        ),
        *schedule_commands(),
        CommandSpec("baocao", CELL_ROLES, N_("report a meeting"), ReportFlow()),
        CommandSpec(
            "solieu", CELL_ROLES | OFFICERS, N_("monthly figures and yearly ratings"), FiguresFlow()
        ),
        CommandSpec("sua", CELL_ROLES, N_("change a sent report or figures"), EditReportFlow()),
        CommandSpec(
            "tonghop", OFFICERS, N_("summary for a period (tháng 10, quý 4, năm 2026)"), ReviewFlow()
        ),
        CommandSpec("chuabaocao", OFFICERS, N_("late cells, with a reminder"), LateCellsFlow()),
        CommandSpec("xuat", OFFICERS, N_("a period's reports as an Excel file"), ExportFlow()),
        CommandSpec("bieudo", OFFICERS, N_("charts of a period"), ChartFlow()),
        CommandSpec(
            "baocaothang", OFFICERS, N_("a draft of the committee's report (Word)"), DraftReportFlow()
        ),
        CommandSpec("khoaso", OFFICERS, N_("close or reopen a month or quarter"), ClosingFlow()),
        CommandSpec(
            "hoi", EVERYONE, N_("ask about the plans (or just type the question)"), questions
        ),
        CommandSpec("kehoach", EVERYONE, N_("the imported plans"), PlansListFlow(library)),
        CommandSpec(
            "viectoi", EVERYONE, N_("plan tasks that fall to the cells"), CellTasksFlow(library)
        ),
        CommandSpec("chibo", EVERYONE, N_("a cell's history (/chibo name)"), CellInfoFlow()),
        CommandSpec("moi", OFFICERS, N_("invite a secretary or officer"), InviteFlow()),
        CommandSpec("thuhoi", OFFICERS, N_("revoke someone's role"), RevokeFlow()),
        CommandSpec("taodonvi", ADMINS, N_("add an organisation"), AddOrgFlow()),
        CommandSpec("taochibo", ADMINS, N_("add a cell"), AddCellFlow()),
    ]
    for spec in specs:
        commands[spec.name] = spec
    return Conversations(commands, questions.answer, uploads.received_file, (uploads,))


def build_core(
    conversations: Conversations,
    *,
    catalogs: Catalogs,
    clock: Clock,
    config: CoreConfig,
    services: Services,
) -> ConversationCore:
    """The conversation core over these conversations."""
    return ConversationCore(
        catalogs=catalogs,
        clock=clock,
        config=config,
        commands=conversations.commands,
        onboarding=OnboardingFlow(),
        free_text=conversations.free_text,
        file_handler=conversations.file_handler,
        services=services,
        extra_flows=conversations.extra_flows,
    )
