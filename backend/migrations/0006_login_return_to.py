from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0005_security_epoch')]

    initial = False

    operations = [
        ops.AddField(
            model_name='LoginAttempt',
            name='return_to',
            field=fields.CharField(null=True, max_length=2000),
        ),
    ]
