# The search read every practice's tsvector (about 3 kB at 10,000 bilingual practices)
# from the TOAST table, one lookup per row, to match and to rank: a search matching
# most practices took over 100 ms in a sequential scan, which the planner prefers
# for such searches. On PostgreSQL, search_vector is now kept in the row (STORAGE
# MAIN: moved out only if the row would not fit in a page), and the existing vectors
# are rewritten so.

from django.db import migrations


def vector_storage(storage):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(
            f"ALTER TABLE practices_practice ALTER COLUMN search_vector SET STORAGE {storage}"
        )
        # A new value (the same vector) is stored as the column now says.
        schema_editor.execute(
            "UPDATE practices_practice SET search_vector = search_vector || ''::tsvector "
            "WHERE search_vector IS NOT NULL"
        )

    return run


class Migration(migrations.Migration):

    dependencies = [
        ("practices", "0010_practice_facet"),
    ]

    operations = [
        migrations.RunPython(vector_storage("MAIN"), vector_storage("EXTENDED"), elidable=False),
    ]
