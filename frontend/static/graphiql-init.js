// GraphiQL for QA testers: same-origin requests, so the session cookie from
// verifyLoginCode signs later queries in; the explorer plugin builds queries.
(function () {
  const WELCOME = `# Latchkey GraphiQL
#
# 1. signUp or login returns a loginToken (union CodeRequired).
# 2. Read the code in the dev mailbox: /dev/mailbox
# 3. verifyLoginCode(loginToken, code) signs you in (cookie + sessionToken).
#
mutation Login($email: String!, $password: String!) {
  login(email: $email, password: $password) {
    __typename
    ... on CodeRequired { loginToken method destination expiresAt }
    ... on UserError { code message }
  }
}
`;
  const fetcher = GraphiQL.createFetcher({ url: "/graphql" });
  const explorer = GraphiQLPluginExplorer.explorerPlugin();
  const root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: WELCOME,
      plugins: [explorer],
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: true,
    })
  );
})();
