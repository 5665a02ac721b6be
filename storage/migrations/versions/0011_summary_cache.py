"""summary cache: per-organisation parts of committee summaries, and triggers that stamp changes

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 08:00:00

Triggers on `meetingreport` and `figurerecord` bump the "report" or "figure" stamp
(`summarystamp`) of the organisation(s) whose cells a row belongs to, and those on `cell` both
stamps of the cell's organisation(s), in the writer's own transaction, on every insert, update
and delete (storage.models.summary says why). On SQLite a table rebuilt by a later
migration (batch_alter_table copies it) loses its triggers: such a migration must call
`create_triggers()` of this one again. On PostgreSQL the trigger functions keep the schema
search path they were made with (a database kept in a schema of its own finds its tables).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The tables whose rows name a cell (`cell_id`), with the stamp they bump; `cell` bumps both.
CELL_ROW_TABLES = {"meetingreport": "report", "figurerecord": "figure"}
SOURCES = ("report", "figure")
EVENTS = ("insert", "update", "delete")

_BUMP = "ON CONFLICT (org_id, source) DO UPDATE SET stamp = summarystamp.stamp + 1"


def _sqlite_stamps(table: str, event: str) -> str:
    """The (org_id, source) a changed row bumps, as a SELECT (SQLite trigger body)."""
    rows = {"insert": ["NEW"], "update": ["OLD", "NEW"], "delete": ["OLD"]}[event]
    if table == "cell":
        union = " UNION ".join(f"SELECT {row}.org_id AS org_id" for row in rows)
        sources = " UNION ".join(f"SELECT '{source}' AS source" for source in SOURCES)
        return f"SELECT org_id, source FROM ({union}) CROSS JOIN ({sources})"
    cells = ", ".join(f"{row}.cell_id" for row in rows)
    source = CELL_ROW_TABLES[table]
    return f"SELECT DISTINCT org_id, '{source}' AS source FROM cell WHERE id IN ({cells})"


def create_triggers() -> None:
    """The stamp triggers, for the database at hand (SQLite or PostgreSQL)."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            """
            CREATE OR REPLACE FUNCTION summary_stamp_cell_row() RETURNS trigger
            LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
            BEGIN
              IF TG_OP <> 'INSERT' THEN
                INSERT INTO summarystamp (org_id, source, stamp)
                SELECT org_id, TG_ARGV[0], 1 FROM cell WHERE id = OLD.cell_id """
            + _BUMP
            + """;
              END IF;
              IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.cell_id <> OLD.cell_id) THEN
                INSERT INTO summarystamp (org_id, source, stamp)
                SELECT org_id, TG_ARGV[0], 1 FROM cell WHERE id = NEW.cell_id """
            + _BUMP
            + """;
              END IF;
              RETURN NULL;
            END $$
            """
        )
        op.execute(
            """
            CREATE OR REPLACE FUNCTION summary_stamp_cell() RETURNS trigger
            LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
            BEGIN
              IF TG_OP <> 'INSERT' THEN
                INSERT INTO summarystamp (org_id, source, stamp)
                VALUES (OLD.org_id, 'report', 1), (OLD.org_id, 'figure', 1) """
            + _BUMP
            + """;
              END IF;
              IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.org_id <> OLD.org_id) THEN
                INSERT INTO summarystamp (org_id, source, stamp)
                VALUES (NEW.org_id, 'report', 1), (NEW.org_id, 'figure', 1) """
            + _BUMP
            + """;
              END IF;
              RETURN NULL;
            END $$
            """
        )
        for table, source in CELL_ROW_TABLES.items():
            op.execute(
                f"CREATE TRIGGER summary_stamp_{table} AFTER INSERT OR UPDATE OR DELETE "
                f"ON {table} FOR EACH ROW EXECUTE FUNCTION summary_stamp_cell_row('{source}')"
            )
        op.execute(
            "CREATE TRIGGER summary_stamp_cell AFTER INSERT OR UPDATE OR DELETE "
            "ON cell FOR EACH ROW EXECUTE FUNCTION summary_stamp_cell()"
        )
        return
    for table in (*CELL_ROW_TABLES, "cell"):
        for event in EVENTS:
            # "WHERE true": SQLite's parser needs a WHERE before an upsert's ON CONFLICT.
            op.execute(
                f"CREATE TRIGGER summary_stamp_{table}_{event} AFTER {event.upper()} ON {table} "
                f"BEGIN INSERT INTO summarystamp (org_id, source, stamp) "
                f"SELECT org_id, source, 1 FROM ({_sqlite_stamps(table, event)}) WHERE true "
                f"{_BUMP}; END"
            )


def drop_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in (*CELL_ROW_TABLES, "cell"):
            op.execute(f"DROP TRIGGER IF EXISTS summary_stamp_{table} ON {table}")
        op.execute("DROP FUNCTION IF EXISTS summary_stamp_cell_row()")
        op.execute("DROP FUNCTION IF EXISTS summary_stamp_cell()")
        return
    for table in (*CELL_ROW_TABLES, "cell"):
        for event in EVENTS:
            op.execute(f"DROP TRIGGER IF EXISTS summary_stamp_{table}_{event}")


def upgrade() -> None:
    op.create_table(
        "summarystamp",
        sa.Column("org_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("stamp", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("org_id", "source"),
    )
    op.create_table(
        "summarycache",
        sa.Column("org_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("args", sa.String(length=40), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("stamp", sa.Integer(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("org_id", "kind", "args"),
    )
    create_triggers()


def downgrade() -> None:
    drop_triggers()
    op.drop_table("summarycache")
    op.drop_table("summarystamp")
