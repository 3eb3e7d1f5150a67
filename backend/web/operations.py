"""The GraphQL documents the pages send: the same ones an API client would."""

SIGN_UP = """
mutation SignUp($email: String!, $password: String!, $question: String!, $answer: String!) {
  result: signUp(email: $email, password: $password, securityQuestion: $question,
                 securityAnswer: $answer) {
    __typename
    ... on CodeRequired { loginToken }
    ... on UserError { message }
    ... on InvalidInput { field }
  }
}
"""

LOGIN = """
mutation Login($email: String!, $password: String!) {
  result: login(email: $email, password: $password) {
    __typename
    ... on CodeRequired { loginToken }
    ... on UserError { message }
    ... on InvalidInput { field }
  }
}
"""

PENDING_LOGIN = """
query PendingLogin($token: String!) {
  result: pendingLogin(loginToken: $token) {
    __typename
    ... on CodeRequired { method destination expiresAt }
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
mutation Verify($token: String!, $code: String!) {
  result: verifyLoginCode(loginToken: $token, code: $code) {
    __typename
    ... on UserError { message }
  }
}
"""

ME = """
query Me {
  me { email securityQuestion createdAt factors { email app } }
}
"""

SECURITY_QUESTIONS = "query Questions { securityQuestions }"

LOGOUT = "mutation Logout { result: logout { __typename } }"
