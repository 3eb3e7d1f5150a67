"""The GraphQL documents the pages send: the same ones an API client would."""

SIGN_UP = """
mutation SignUp($email: String!, $password: String!, $question: String!, $answer: String!,
               $captcha: String!, $returnTo: String!) {
  result: signUp(email: $email, password: $password, securityQuestion: $question,
                 securityAnswer: $answer, captcha: $captcha, returnTo: $returnTo) {
    __typename
    ... on CodeRequired { loginToken }
    ... on UserError { message }
    ... on InvalidInput { field }
  }
}
"""

LOGIN = """
mutation Login($email: String!, $password: String!, $captcha: String!, $returnTo: String!) {
  result: login(email: $email, password: $password, captcha: $captcha, returnTo: $returnTo) {
    __typename
    ... on CodeRequired { loginToken }
    ... on LoginSuccess { returnTo }
    ... on UserError { message }
    ... on InvalidInput { field }
  }
}
"""

PENDING_LOGIN = """
query PendingLogin($token: String!) {
  result: pendingLogin(loginToken: $token) {
    __typename
    ... on CodeRequired {
      method destination otherMethods expiresAt emailDelayed resendAfterSeconds
    }
    ... on AppEnrollmentRequired { otpauthUri setupKey qrCodeSvg }
    ... on RecoveryCodeIssued { recoveryCode }
    ... on UserError { message }
  }
}
"""

RESEND_LOGIN_CODE = """
mutation Resend($token: String!) {
  result: resendLoginCode(loginToken: $token) {
    __typename
    ... on CodeRequired { method destination }
    ... on UserError { message }
  }
}
"""

VERIFY_LOGIN_CODE = """
mutation Verify($token: String!, $code: String!, $remember: Boolean!) {
  result: verifyLoginCode(loginToken: $token, code: $code, rememberDevice: $remember) {
    __typename
    ... on LoginSuccess { returnTo }
    ... on UserError { message }
  }
}
"""

ME = """
query Me {
  me {
    email securityQuestion securityQuestionReset isSupport createdAt
    factors { email app appEnrollmentPending recoveryCode }
  }
}
"""

STEP_UP_REASON = "query StepUpReason { me { stepUpReason } }"

SECURITY_QUESTIONS = "query Questions { securityQuestions }"

RETURN_TO = "query ReturnTo($url: String!) { returnTo(url: $url) }"

LOGOUT = "mutation Logout { result: logout { __typename } }"

CHOOSE_LOGIN_METHOD = """
mutation Choose($token: String!, $method: SecondFactor!) {
  result: chooseLoginMethod(loginToken: $token, method: $method) {
    __typename
    ... on UserError { message }
  }
}
"""

CONFIRM_APP_ENROLLMENT = """
mutation Confirm($token: String!, $code: String!) {
  result: confirmAppEnrollment(loginToken: $token, code: $code) {
    __typename
    ... on UserError { message }
  }
}
"""

ACKNOWLEDGE_RECOVERY_CODE = """
mutation Acknowledge($token: String!, $recorded: Boolean!) {
  result: acknowledgeRecoveryCode(loginToken: $token, recorded: $recorded) {
    __typename
    ... on LoginSuccess { returnTo }
    ... on UserError { message }
  }
}
"""

ENABLE_AUTHENTICATOR_APP = """
mutation EnableApp($password: String!) {
  result: enableAuthenticatorApp(password: $password) {
    __typename
    ... on AppEnrollmentScheduled { message }
    ... on UserError { message }
  }
}
"""

DISABLE_FACTOR = """
mutation Disable($factor: SecondFactor!, $password: String!) {
  result: disableFactor(factor: $factor, password: $password) {
    __typename
    ... on UserError { message }
  }
}
"""

ENABLE_EMAIL_FACTOR = """
mutation EnableEmail($password: String!) {
  result: enableEmailFactor(password: $password) {
    __typename
    ... on UserError { message }
  }
}
"""

REQUEST_PASSWORD_RESET = """
mutation RequestReset($email: String!, $captcha: String!) {
  result: requestPasswordReset(email: $email, captcha: $captcha) {
    __typename
    ... on PasswordResetRequested { message }
    ... on UserError { message }
    ... on InvalidInput { field }
  }
}
"""

PASSWORD_RESET_LINK = """
query ResetLink($token: String!) {
  result: passwordResetLink(token: $token) {
    __typename
    ... on PasswordResetLink { email }
    ... on UserError { message }
  }
}
"""

RESET_PASSWORD = """
mutation Reset($token: String!, $password: String!) {
  result: resetPassword(token: $token, newPassword: $password) {
    __typename
    ... on UserError { message }
    ... on InvalidInput { field }
  }
}
"""

ACTIVITY_ROW = """
fragment ActivityRow on ActivityEvent { id description detail device ipAddress at }
"""

PROFILE = (
    """
query Profile {
  me {
    email securityQuestion securityQuestionReset isSupport createdAt
    account { ownerEmail role }
    factors { email app appEnrollmentPending recoveryCode passkey disableRefused }
    passkeys { id name createdAt lastUsedAt discoverable }
    sessions { id device ipAddress createdAt lastSeenAt current }
    rememberedDevices { id device ipAddress createdAt lastUsedAt expiresAt current }
    connectedApps { clientId name scopes connectedAt }
    activity(first: 5) { events { ...ActivityRow } nextCursor }
  }
}
"""
    + ACTIVITY_ROW
)

ACTIVITY = (
    """
query Activity($after: ID) {
  me { activity(first: 20, after: $after) { events { ...ActivityRow } nextCursor } }
}
"""
    + ACTIVITY_ROW
)

REPORT_UNRECOGNISED_ACTIVITY = """
mutation Report($token: String!) {
  result: reportUnrecognisedActivity(token: $token) {
    __typename
    ... on AccountSecured { message }
    ... on UserError { message }
  }
}
"""

REVOKE_SESSION = """
mutation RevokeSession($id: ID!) {
  result: revokeSession(id: $id) { __typename ... on UserError { message } }
}
"""

SIGN_OUT_EVERYWHERE_ELSE = """
mutation SignOutOthers {
  result: signOutEverywhereElse { __typename ... on UserError { message } }
}
"""

DISCONNECT_APP = """
mutation DisconnectApp($clientId: ID!) {
  result: disconnectApp(clientId: $clientId) { __typename ... on UserError { message } }
}
"""

FORGET_REMEMBERED_DEVICE = """
mutation ForgetDevice($id: ID!) {
  result: forgetRememberedDevice(id: $id) { __typename ... on UserError { message } }
}
"""

START_STEP_UP = """
mutation StartStepUp($returnTo: String!) {
  result: startStepUp(returnTo: $returnTo) {
    __typename
    ... on CodeRequired {
      loginToken method destination otherMethods emailDelayed resendAfterSeconds
    }
    ... on UserError { message }
  }
}
"""

CHOOSE_STEP_UP_METHOD = """
mutation ChooseStepUp($token: String!, $method: SecondFactor!) {
  result: chooseStepUpMethod(loginToken: $token, method: $method) {
    __typename
    ... on CodeRequired {
      loginToken method destination otherMethods emailDelayed resendAfterSeconds
    }
    ... on UserError { message }
  }
}
"""

RESEND_STEP_UP_CODE = """
mutation ResendStepUp($token: String!) {
  result: resendStepUpCode(loginToken: $token) {
    __typename
    ... on CodeRequired {
      loginToken method destination otherMethods emailDelayed resendAfterSeconds
    }
    ... on UserError { message }
  }
}
"""

VERIFY_STEP_UP = """
mutation VerifyStepUp($token: String!, $code: String!) {
  result: verifyStepUp(loginToken: $token, code: $code) {
    __typename
    ... on StepUpVerified { returnTo }
    ... on UserError { message }
  }
}
"""

CHANGE_PASSWORD = """
mutation ChangePassword($current: String!, $answer: String!, $password: String!) {
  result: changePassword(currentPassword: $current, securityAnswer: $answer,
                         newPassword: $password) {
    __typename
    ... on PasswordChanged { message }
    ... on UserError { message }
    ... on InvalidInput { field }
    ... on InvalidCredentials { field }
  }
}
"""

CHANGE_EMAIL = """
mutation ChangeEmail($current: String!, $answer: String!, $email: String!) {
  result: changeEmail(currentPassword: $current, securityAnswer: $answer, newEmail: $email) {
    __typename
    ... on EmailChangeRequested { message }
    ... on UserError { message }
    ... on InvalidInput { field }
    ... on InvalidCredentials { field }
  }
}
"""

CHANGE_SECURITY_QUESTION = """
mutation ChangeQuestion($current: String!, $answer: String!, $question: String!,
                        $newAnswer: String!) {
  result: changeSecurityQuestion(currentPassword: $current, securityAnswer: $answer,
                                 newQuestion: $question, newAnswer: $newAnswer) {
    __typename
    ... on UserError { message }
    ... on InvalidInput { field }
    ... on InvalidCredentials { field }
  }
}
"""

CONFIRM_EMAIL_CHANGE = """
mutation ConfirmEmail($token: String!) {
  result: confirmEmailChange(token: $token) {
    __typename
    ... on EmailChanged { message }
    ... on UserError { message }
  }
}
"""

PENDING_STEP_UP = """
query PendingStepUp($token: String!) {
  result: pendingStepUp(loginToken: $token) {
    __typename
    ... on CodeRequired {
      loginToken method destination otherMethods emailDelayed resendAfterSeconds
    }
    ... on UserError { message }
  }
}
"""

FILE_HELP_REQUEST = """
mutation FileHelp($email: String!, $kind: HelpRequestKind!, $message: String!,
                 $captcha: String!) {
  result: fileHelpRequest(email: $email, kind: $kind, message: $message, captcha: $captcha) {
    __typename
    ... on HelpRequestFiled { message }
    ... on UserError { message }
    ... on InvalidInput { field }
  }
}
"""

CONFIRM_HELP_REQUEST = """
mutation ConfirmHelp($token: String!) {
  result: confirmHelpRequest(token: $token) {
    __typename
    ... on HelpRequestConfirmed { message }
    ... on UserError { message }
  }
}
"""

SET_NEW_SECURITY_QUESTION = """
mutation SetNewQuestion($question: String!, $newAnswer: String!) {
  result: setNewSecurityQuestion(newQuestion: $question, newAnswer: $newAnswer) {
    __typename
    ... on UserError { message }
    ... on InvalidInput { field }
  }
}
"""

SUPPORT_REQUESTS = """
query SupportRequests($status: HelpRequestStatus) {
  me { email isSupport }
  result: supportRequests(status: $status) {
    __typename
    ... on SupportRequestList {
      requests { id kind status email accountFound message createdAt confirmedAt resolvedAt }
    }
    ... on UserError { message }
  }
}
"""

SUPPORT_RESET_SECURITY_QUESTION = """
mutation SupportResetQuestion($id: ID!) {
  result: supportResetSecurityQuestion(requestId: $id) {
    __typename
    ... on UserError { message }
  }
}
"""

SUPPORT_CLOSE_REQUEST = """
mutation SupportClose($id: ID!) {
  result: supportCloseRequest(requestId: $id) {
    __typename
    ... on UserError { message }
  }
}
"""

SUPPORT_SET_ACCOUNT_ACTIVE = """
mutation SupportSetActive($email: String!, $active: Boolean!) {
  result: supportSetAccountActive(email: $email, active: $active) {
    __typename
    ... on AccountStatusChanged { email active }
    ... on UserError { message }
  }
}
"""

TEAM = """
query Team {
  result: team {
    __typename
    ... on Team {
      ownerEmail
      members { id name email role status lastSignedInAt authenticatorApp passkeys }
    }
    ... on UserError { message }
  }
}
"""

INVITE_TEAM_MEMBER = """
mutation Invite($name: String!, $email: String!, $role: TeamRole!) {
  result: inviteTeamMember(name: $name, email: $email, role: $role) {
    __typename
    ... on TeamMemberChanged { member { email } }
    ... on UserError { message }
    ... on InvalidInput { field }
  }
}
"""

TEAM_MEMBER_ACTIONS = {
    "resend": """
mutation Resend($id: ID!) {
  result: resendInvitation(memberId: $id) { __typename ... on UserError { message } }
}""",
    "revoke": """
mutation Revoke($id: ID!) {
  result: revokeInvitation(memberId: $id) { __typename ... on UserError { message } }
}""",
    "deactivate": """
mutation Deactivate($id: ID!) {
  result: setTeamMemberActive(memberId: $id, active: false) {
    __typename ... on UserError { message }
  }
}""",
    "reactivate": """
mutation Reactivate($id: ID!) {
  result: setTeamMemberActive(memberId: $id, active: true) {
    __typename ... on UserError { message }
  }
}""",
    "remove": """
mutation Remove($id: ID!) {
  result: removeTeamMember(memberId: $id) { __typename ... on UserError { message } }
}""",
}

CHANGE_TEAM_MEMBER_ROLE = """
mutation ChangeRole($id: ID!, $role: TeamRole!) {
  result: changeTeamMemberRole(memberId: $id, role: $role) {
    __typename ... on UserError { message }
  }
}
"""

RESET_TEAM_MEMBER_APP = """
mutation ResetMemberApp($id: ID!, $password: String!) {
  result: resetTeamMemberApp(memberId: $id, password: $password) {
    __typename ... on UserError { message }
  }
}
"""

INVITATION = """
query Invitation($token: String!) {
  result: invitation(token: $token) {
    __typename
    ... on Invitation { email name ownerEmail }
    ... on UserError { message }
  }
}
"""

ACCEPT_INVITATION = """
mutation Accept($token: String!, $password: String!, $question: String!, $answer: String!,
               $returnTo: String!) {
  result: acceptInvitation(token: $token, password: $password, securityQuestion: $question,
                           securityAnswer: $answer, returnTo: $returnTo) {
    __typename
    ... on InvitationAccepted { email returnTo }
    ... on UserError { message }
    ... on InvalidInput { field }
  }
}
"""

PASSKEY_SIGN_IN = """
mutation PasskeySignIn($response: String!) {
  result: passkeySignIn(response: $response) {
    __typename
    ... on LoginSuccess { returnTo }
    ... on UserError { message }
  }
}
"""

PASSKEY_STEP_UP_OPTIONS = """
mutation PasskeyStepUpOptions($token: String!) {
  result: passkeyStepUpOptions(loginToken: $token) {
    __typename
    ... on PasskeyOptions { optionsJson }
    ... on UserError { message }
  }
}
"""

PASSKEY_LOGIN_OPTIONS = """
mutation PasskeyLoginOptions($token: String!) {
  result: passkeyLoginOptions(loginToken: $token) {
    __typename
    ... on PasskeyOptions { optionsJson }
    ... on UserError { message }
  }
}
"""

START_PASSKEY_REGISTRATION = """
mutation StartPasskey($password: String!) {
  result: startPasskeyRegistration(password: $password) {
    __typename
    ... on PasskeyOptions { optionsJson }
    ... on UserError { message }
  }
}
"""

FINISH_PASSKEY_REGISTRATION = """
mutation FinishPasskey($name: String!, $credential: String!) {
  result: finishPasskeyRegistration(name: $name, credential: $credential) {
    __typename
    ... on UserError { message }
  }
}
"""

REMOVE_PASSKEY = """
mutation RemovePasskey($id: ID!, $password: String!) {
  result: removePasskey(id: $id, password: $password) {
    __typename
    ... on UserError { message }
  }
}
"""

APPLICATIONS = """
query Applications {
  me {
    account { role }
    applications { clientId name redirectUris postLogoutUris public firstParty createdAt }
  }
}
"""

_APPLICATION_SECRET = """
    __typename
    ... on ApplicationSecret { clientSecret application { clientId name } }
    ... on UserError { message }
    ... on InvalidInput { field }
"""

REGISTER_APPLICATION = (
    """
mutation Register($name: String!, $uris: [String!]!, $logout: [String!]!, $public: Boolean!,
                  $firstParty: Boolean!) {
  result: registerApplication(name: $name, redirectUris: $uris, postLogoutUris: $logout,
                              public: $public, firstParty: $firstParty) {"""
    + _APPLICATION_SECRET
    + "} }"
)

ROTATE_APPLICATION_SECRET = (
    "mutation Rotate($id: ID!) { result: rotateApplicationSecret(clientId: $id) {"
    + _APPLICATION_SECRET
    + "} }"
)

REMOVE_APPLICATION = (
    "mutation Remove($id: ID!) { result: removeApplication(clientId: $id) {"
    + _APPLICATION_SECRET
    + "} }"
)
