import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { staffAccess } from '../../src/bot/staff-access.js';
import { startFakeGitHub, testOctokit, type FakeGitHub } from '../helpers/fake-github.js';
import { orgMembership } from '../helpers/org-membership.js';

const NOT_FOUND = { status: 404, json: { message: 'Not Found' } };

describe('staffAccess', () => {
  let github: FakeGitHub;
  beforeEach(async () => {
    github = await startFakeGitHub();
  });
  afterEach(async () => {
    await github.close();
  });

  it("counts the organisation's owners as staff without asking about the team", async () => {
    github.expect({
      method: 'GET',
      path: '/orgs/cs101/memberships/prof',
      respond: () => ({ json: orgMembership('prof', 'admin', 'active') }),
    });
    expect(await staffAccess(testOctokit(github.url), 'cs101', 'prof', 'tas')).toEqual({
      staff: true,
      as: 'owner',
    });
    github.verify();
  });

  it('counts active members of the staff team, and only them', async () => {
    for (const login of ['ta', 'invited', 'student']) {
      github.expect({
        method: 'GET',
        path: `/orgs/cs101/memberships/${login}`,
        respond: () => ({ json: orgMembership(login, 'member', 'active') }),
      });
    }
    const team = { url: '', role: 'member' };
    github.expect({
      method: 'GET',
      path: '/orgs/cs101/teams/tas/memberships/ta',
      respond: () => ({ json: { ...team, state: 'active' } }),
    });
    github.expect({
      method: 'GET',
      path: '/orgs/cs101/teams/tas/memberships/invited',
      respond: () => ({ json: { ...team, state: 'pending' } }),
    });
    github.expect({
      method: 'GET',
      path: '/orgs/cs101/teams/tas/memberships/student',
      respond: () => NOT_FOUND,
    });
    const octokit = testOctokit(github.url);
    expect(await staffAccess(octokit, 'cs101', 'ta', 'tas')).toEqual({ staff: true, as: 'team' });
    expect(await staffAccess(octokit, 'cs101', 'invited', 'tas')).toEqual({ staff: false });
    expect(await staffAccess(octokit, 'cs101', 'student', 'tas')).toEqual({ staff: false });
    github.verify();
  });

  it('refuses members and outsiders when the course names no team', async () => {
    github.expect({
      method: 'GET',
      path: '/orgs/cs101/memberships/member',
      respond: () => ({ json: orgMembership('member', 'member', 'active') }),
    });
    github.expect({ method: 'GET', path: '/orgs/cs101/memberships/outsider', respond: () => NOT_FOUND });
    const octokit = testOctokit(github.url);
    expect(await staffAccess(octokit, 'cs101', 'member', null)).toEqual({ staff: false });
    expect(await staffAccess(octokit, 'cs101', 'outsider', null)).toEqual({ staff: false });
    github.verify();
  });

  it("passes on GitHub's other failures instead of answering no", async () => {
    github.expect({
      method: 'GET',
      path: '/orgs/cs101/memberships/ta',
      respond: () => ({ status: 502, json: { message: 'Bad Gateway' } }),
      times: 'any',
    });
    await expect(staffAccess(testOctokit(github.url), 'cs101', 'ta', 'tas')).rejects.toMatchObject({
      status: 502,
    });
  });
});
