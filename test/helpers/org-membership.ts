/** GitHub's answers about organisation membership, for tests of who is course staff. */

/** GitHub's org-membership answer (GET /orgs/{org}/memberships/{username}), trimmed to what is read. */
export function orgMembership(login: string, role: 'admin' | 'member', state: 'active' | 'pending') {
  return {
    url: `https://api.github.com/orgs/cs101/memberships/${login}`,
    state,
    role,
    organization_url: 'https://api.github.com/orgs/cs101',
    organization: {
      login: 'cs101',
      id: 1,
      node_id: 'O_1',
      url: '',
      repos_url: '',
      events_url: '',
      hooks_url: '',
      issues_url: '',
      members_url: '',
      public_members_url: '',
      avatar_url: '',
      description: null,
    },
    user: {
      login,
      id: 2,
      node_id: 'U_2',
      avatar_url: '',
      gravatar_id: null,
      url: '',
      html_url: '',
      followers_url: '',
      following_url: '',
      gists_url: '',
      starred_url: '',
      subscriptions_url: '',
      organizations_url: '',
      repos_url: '',
      events_url: '',
      received_events_url: '',
      type: 'User',
      site_admin: false,
    },
  };
}
