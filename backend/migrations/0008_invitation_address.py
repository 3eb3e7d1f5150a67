"""T1: an invitation keeps its address in `invite_email`, never in `email` (issue 23 #5).

Invitations made before this release held the invited address in `email`; they are moved
over, leaving the same kind of placeholder new invitations get (no address, never looked up).
"""

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0007_passkey_sign_in')]

    initial = False

    operations = [
        ops.AddField(
            model_name='User',
            name='invite_email',
            field=fields.CharField(null=True, max_length=254),
        ),
        ops.RunSQL(
            "UPDATE users SET invite_email = email, email = 'invitation:' || id "
            "WHERE password_hash = '' AND account_owner_id IS NOT NULL AND invite_email IS NULL",
            "UPDATE users SET email = invite_email, invite_email = NULL "
            "WHERE invite_email IS NOT NULL",
        ),
    ]
