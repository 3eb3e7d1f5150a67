"""The GraphQL schema (G1): queries and mutations wired to the resolvers."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import strawberry
from strawberry.extensions import (
    AddValidationRules,
    MaxTokensLimiter,
    ParserCache,
    SchemaExtension,
    ValidationCache,
)
from strawberry.extensions.max_aliases import create_validator as aliases_rule
from strawberry.extensions.query_depth_limiter import create_validator as depth_rule

from backend.resolvers import (
    activity,
    applications,
    connected_apps,
    factors,
    password_reset,
    profile,
    profile_changes,
    sessions,
    support,
)
from backend.resolvers import login as flow
from backend.resolvers import passkeys as passkey_resolvers
from backend.resolvers import team as team_resolvers
from backend.schema import captcha
from backend.schema.error_handlers import EXCEPTION_HANDLERS
from backend.schema.errors import UserError
from backend.schema.return_to import return_to_query

MAX_DEPTH = 8
MAX_ALIASES = 15
MAX_TOKENS = 2000
# The depth and alias rules are built once: Strawberry's validation cache is keyed by the rule
# classes, and QueryDepthLimiter / MaxAliasesLimiter build new ones per request, which made
# every request miss the cache (validation was 43% of a `me` query in the profile).
LIMIT_RULES = (depth_rule(MAX_DEPTH, None), aliases_rule(MAX_ALIASES))


@strawberry.type
class Query:
    me = strawberry.field(resolver=profile.me)
    pending_login = strawberry.field(resolver=flow.pending_login)
    security_questions = strawberry.field(resolver=profile.security_questions)
    password_reset_link = strawberry.field(resolver=password_reset.password_reset_link)
    pending_step_up = strawberry.field(resolver=profile_changes.pending_step_up)
    support_requests = strawberry.field(resolver=support.support_requests)
    captcha_challenge = strawberry.field(resolver=captcha.captcha_challenge)
    team = strawberry.field(resolver=team_resolvers.team_query)
    invitation = strawberry.field(resolver=team_resolvers.invitation)
    return_to = strawberry.field(resolver=return_to_query)


@strawberry.type
class Mutation:
    sign_up = strawberry.mutation(resolver=flow.sign_up)
    login = strawberry.mutation(resolver=flow.login)
    choose_login_method = strawberry.mutation(resolver=flow.choose_login_method)
    resend_login_code = strawberry.mutation(resolver=flow.resend_login_code)
    verify_login_code = strawberry.mutation(resolver=flow.verify_login_code)
    confirm_app_enrollment = strawberry.mutation(resolver=flow.confirm_app_enrollment)
    acknowledge_recovery_code = strawberry.mutation(resolver=flow.acknowledge_recovery_code)
    logout = strawberry.mutation(resolver=flow.logout)
    set_language = strawberry.mutation(resolver=profile.set_language)
    enable_authenticator_app = strawberry.mutation(resolver=factors.enable_authenticator_app)
    disable_factor = strawberry.mutation(resolver=factors.disable_factor)
    enable_email_factor = strawberry.mutation(resolver=factors.enable_email_factor)
    request_password_reset = strawberry.mutation(resolver=password_reset.request_password_reset)
    revoke_session = strawberry.mutation(resolver=sessions.revoke_session)
    sign_out_everywhere_else = strawberry.mutation(resolver=sessions.sign_out_everywhere_else)
    forget_remembered_device = strawberry.mutation(resolver=sessions.forget_remembered_device)
    disconnect_app = strawberry.mutation(resolver=connected_apps.disconnect_app)
    register_application = strawberry.mutation(resolver=applications.register_application)
    rotate_application_secret = strawberry.mutation(resolver=applications.rotate_application_secret)
    remove_application = strawberry.mutation(resolver=applications.remove_application)
    reset_password = strawberry.mutation(resolver=password_reset.reset_password)
    start_step_up = strawberry.mutation(resolver=profile_changes.start_step_up)
    choose_step_up_method = strawberry.mutation(resolver=profile_changes.choose_step_up_method)
    resend_step_up_code = strawberry.mutation(resolver=profile_changes.resend_step_up_code)
    verify_step_up = strawberry.mutation(resolver=profile_changes.verify_step_up)
    change_password = strawberry.mutation(resolver=profile_changes.change_password)
    change_email = strawberry.mutation(resolver=profile_changes.change_email)
    confirm_email_change = strawberry.mutation(resolver=profile_changes.confirm_email_change)
    change_security_question = strawberry.mutation(
        resolver=profile_changes.change_security_question
    )
    file_help_request = strawberry.mutation(resolver=support.file_help_request)
    confirm_help_request = strawberry.mutation(resolver=support.confirm_help_request)
    set_new_security_question = strawberry.mutation(resolver=support.set_new_security_question)
    support_reset_security_question = strawberry.mutation(
        resolver=support.support_reset_security_question
    )
    support_close_request = strawberry.mutation(resolver=support.support_close_request)
    support_set_account_active = strawberry.mutation(resolver=support.support_set_account_active)
    start_passkey_registration = strawberry.mutation(
        resolver=passkey_resolvers.start_passkey_registration
    )
    finish_passkey_registration = strawberry.mutation(
        resolver=passkey_resolvers.finish_passkey_registration
    )
    remove_passkey = strawberry.mutation(resolver=passkey_resolvers.remove_passkey)
    passkey_login_options = strawberry.mutation(resolver=passkey_resolvers.passkey_login_options)
    passkey_step_up_options = strawberry.mutation(
        resolver=passkey_resolvers.passkey_step_up_options
    )
    passkey_sign_in_options = strawberry.mutation(resolver=flow.passkey_sign_in_options)
    passkey_sign_in = strawberry.mutation(resolver=flow.passkey_sign_in)
    invite_team_member = strawberry.mutation(resolver=team_resolvers.invite_team_member)
    resend_invitation = strawberry.mutation(resolver=team_resolvers.resend_invitation)
    revoke_invitation = strawberry.mutation(resolver=team_resolvers.revoke_invitation)
    set_team_member_active = strawberry.mutation(resolver=team_resolvers.set_team_member_active)
    change_team_member_role = strawberry.mutation(resolver=team_resolvers.change_team_member_role)
    remove_team_member = strawberry.mutation(resolver=team_resolvers.remove_team_member)
    reset_team_member_app = strawberry.mutation(resolver=team_resolvers.reset_team_member_app)
    accept_invitation = strawberry.mutation(resolver=team_resolvers.accept_invitation)
    report_unrecognised_activity = strawberry.mutation(
        resolver=activity.report_unrecognised_activity
    )


def build_schema(
    extra_extensions: Sequence[Callable[[], SchemaExtension]] = (),
) -> strawberry.Schema:
    """One schema per process; parse and validation results are cached across requests."""
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        types=[UserError],
        extensions=[
            lambda: AddValidationRules(list(LIMIT_RULES)),
            lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
            lambda: ParserCache(maxsize=256),
            lambda: ValidationCache(maxsize=256),
            *extra_extensions,
        ],
        exception_handlers=EXCEPTION_HANDLERS,
    )
