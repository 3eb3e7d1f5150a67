from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0006_login_return_to')]

    initial = False

    operations = [
        ops.CreateModel(
            name='PasskeySignIn',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('challenge', fields.CharField(unique=True, max_length=128)),
                ('expires_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('return_to', fields.CharField(null=True, max_length=2000)),
            ],
            options={'table': 'passkey_sign_ins', 'app': 'models', 'pk_attr': 'id', 'table_description': 'PK3: a challenge handed out for "Sign in with a passkey" before anyone is known.'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Passkey',
            name='discoverable',
            field=fields.BooleanField(default=False, db_default=False),
        ),
    ]
