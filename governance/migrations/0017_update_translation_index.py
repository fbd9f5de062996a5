"""An original's translations are found by index (its group on an update's page and in the
API, a language already taken in it), not by reading every published update."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index


class Migration(migrations.Migration):
    dependencies = [('models', '0016_update_language')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='Update',
            index=Index(fields=['translation_of_id', 'language']),
        ),
    ]
