// What a latest.yml answer means, read from a real HTTP server on 127.0.0.1 with the same YAML
// library electron-updater uses, and compared with electron-updater's own helpers where it has
// public ones (file names, staging ids, error codes).
import { HttpError, newError, UUID } from 'builder-util-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideUpdate, releaseNotesText, rolloutFraction, withinRollout, type DecisionContext } from '../../../electron/main/update/decision';
import { feedFileName, feedFileUrl, fetchUpdateFeed, parseUpdateFeed } from '../../../electron/main/update/feed';
import { feedAddressProblem, readBuiltFeed, updatePublishConfig } from '../../../electron/main/update/feed-address';
import { classifyUpdateError, UPDATE_PROBLEM_TEXT, UpdateCheckFailure } from '../../../electron/main/update/problems';
import { CHECK_EVERY_MS, retryDelay } from '../../../electron/main/update/schedule';
import { UPDATE_PROBLEM_KINDS } from '@shared/ipc/update';
import { latestYml, startUpdateFeedServer, type UpdateFeedServer } from '../../helpers/update-feed-server';

let server: UpdateFeedServer;
beforeAll(async () => {
  server = await startUpdateFeedServer();
});
afterAll(() => server.close());

const STAGING_ID = '6f1c2a3e-8d4b-4c5a-9e7f-0a1b2c3d4e5f';
const context: DecisionContext = { currentVersion: '0.1.0', rolloutFraction: rolloutFraction(STAGING_ID), osRelease: '6.1.0' };

async function check(yml: string, ctx: Partial<DecisionContext> = {}) {
  server.put('latest-linux.yml', yml);
  const info = await fetchUpdateFeed({ feedUrl: server.url, channel: 'latest', platform: 'linux', arch: 'x64', fetch, stagingId: STAGING_ID });
  return decideUpdate(info, { ...context, ...ctx });
}

async function failureOf(promise: Promise<unknown>): Promise<UpdateCheckFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UpdateCheckFailure);
  return error as UpdateCheckFailure;
}

describe('the update file', () => {
  it('is named and addressed as electron-updater names it for each platform and channel', () => {
    expect(feedFileName('win32', 'x64', 'latest')).toBe('latest.yml');
    expect(feedFileName('darwin', 'arm64', 'latest')).toBe('latest-mac.yml');
    expect(feedFileName('linux', 'x64', 'latest')).toBe('latest-linux.yml');
    expect(feedFileName('linux', 'arm64', 'beta')).toBe('beta-linux-arm64.yml');
    // The feed address is a folder, with or without its trailing slash.
    expect(feedFileUrl('https://updates.example.com/wp', 'latest.yml').href).toBe('https://updates.example.com/wp/latest.yml');
    expect(feedFileUrl('https://updates.example.com/wp/', 'latest.yml').href).toBe('https://updates.example.com/wp/latest.yml');
  });

  it('offers a newer version with its release notes as plain text, and asks with the staging id', async () => {
    const decision = await check(latestYml('0.2.0', ["releaseName: '0.2.0 春季版'", "releaseNotes: '<p>新增 <b>自动更新</b></p><ul><li>修复通知</li></ul>'"]));
    expect(decision).toEqual({
      kind: 'download',
      release: { version: '0.2.0', name: '0.2.0 春季版', notes: '新增 自动更新\n• 修复通知', date: '2026-12-01T08:00:00.000Z' },
    });
    const last = server.requests.at(-1)!;
    expect(last.path).toBe('/workphone/latest-linux.yml');
    expect(last.headers['x-user-staging-id']).toBe(STAGING_ID);
  });

  it('says up to date for the same version and for an older one (no downgrade)', async () => {
    expect(await check(latestYml('0.1.0'))).toEqual({ kind: 'upToDate', latestVersion: '0.1.0' });
    expect(await check(latestYml('0.0.9'))).toEqual({ kind: 'upToDate', latestVersion: '0.0.9' });
    expect(await check(latestYml('0.2.0'), { currentVersion: '0.2.0' })).toMatchObject({ kind: 'upToDate' });
  });

  it('holds a staged rollout back from a computer above its share, as electron-updater does', async () => {
    // Our fraction is electron-updater's: the UUID's last four bytes over 0xffffffff.
    expect(rolloutFraction(STAGING_ID)).toBe(UUID.parse(STAGING_ID).readUInt32BE(12) / 0xffffffff);
    const low = '00000000-0000-4000-8000-000000000001';
    const high = 'ffffffff-ffff-4fff-bfff-fffffff00000';
    expect(await check(latestYml('0.2.0', ['stagingPercentage: 10']), { rolloutFraction: rolloutFraction(low) })).toMatchObject({ kind: 'download' });
    expect(await check(latestYml('0.2.0', ['stagingPercentage: 10']), { rolloutFraction: rolloutFraction(high) })).toEqual({ kind: 'rollout', latestVersion: '0.2.0', percentage: 10 });
    // parseInt, as electron-updater reads it: a quoted "25" is 25; nonsense means everyone.
    expect(withinRollout({ stagingPercentage: '25' }, 0.2)).toBe(true);
    expect(withinRollout({ stagingPercentage: '25' }, 0.3)).toBe(false);
    expect(withinRollout({ stagingPercentage: 'soon' }, 0.99)).toBe(true);
    expect(withinRollout({}, 0.99)).toBe(true);
    expect(withinRollout({ stagingPercentage: 0 }, 0)).toBe(false);
  });

  it('holds back a version that needs a newer OS than this one', async () => {
    expect(await check(latestYml('0.2.0', ["minimumSystemVersion: '10.0.22000'"]), { osRelease: '10.0.19045' })).toEqual({
      kind: 'systemTooOld',
      latestVersion: '0.2.0',
      minimumSystemVersion: '10.0.22000',
    });
    expect(await check(latestYml('0.2.0', ["minimumSystemVersion: '10.0.19041'"]), { osRelease: '10.0.19045' })).toMatchObject({ kind: 'download' });
  });

  it('refuses an installer without a sha512, and a file that names no installer', async () => {
    const noSha = ['version: 0.2.0', 'files:', '  - url: WorkPhone-Desk-0.2.0.AppImage', '    size: 10', 'path: WorkPhone-Desk-0.2.0.AppImage'].join('\n');
    expect(await check(noSha)).toMatchObject({ kind: 'refuse', problem: 'noChecksum' });
    expect(await check('version: 0.2.0\n')).toMatchObject({ kind: 'refuse', problem: 'invalidFeed' });
    // An old single-installer file with its top-level sha512 is fine.
    expect(await check(['version: 0.2.0', 'path: a.exe', 'sha512: abc='].join('\n'))).toMatchObject({ kind: 'download' });
  });

  it('refuses what is not an update file, with kind invalidFeed', async () => {
    expect((await failureOf(check('version: [0.2.0\n'))).kind).toBe('invalidFeed');
    expect((await failureOf(check('<html><body>Login</body></html>'))).kind).toBe('invalidFeed');
    expect((await failureOf(check('files: []\n'))).kind).toBe('invalidFeed');
    expect(await check(latestYml('not-a-version'))).toMatchObject({ kind: 'refuse', problem: 'invalidFeed' });
    expect(() => parseUpdateFeed('x'.repeat(10))).toThrow(UpdateCheckFailure);
  });

  it('tells 404, other HTTP errors, a closed port and a server that never answers apart', async () => {
    const request = (feedUrl: string, timeoutMs?: number) => fetchUpdateFeed({ feedUrl, channel: 'latest', platform: 'win32', arch: 'x64', fetch, ...(timeoutMs ? { timeoutMs } : {}) });
    server.remove('latest.yml');
    expect((await failureOf(request(server.url))).kind).toBe('notFound');
    server.put('latest.yml', { status: 503, body: 'maintenance' });
    expect((await failureOf(request(server.url))).kind).toBe('server');
    const closed = await startUpdateFeedServer();
    await closed.close();
    expect((await failureOf(request(closed.url))).kind).toBe('offline');
    server.hang('latest.yml');
    expect((await failureOf(request(server.url, 200))).kind).toBe('timeout');
  });
});

describe('release notes', () => {
  it('become bounded plain text: no markup, no control or direction characters', () => {
    expect(releaseNotesText([{ version: '0.2.0', note: '修复 &amp; 改进' }, { version: '0.1.5', note: null }])).toBe('0.2.0\n修复 & 改进\n\n0.1.5');
    expect(releaseNotesText('a\u202eb\u0007c<script>x</script>')).toBe('abcx');
    expect(releaseNotesText('x'.repeat(5000))!.length).toBe(4000);
    expect(releaseNotesText('  ')).toBeUndefined();
  });
});

describe('what went wrong', () => {
  it("sorts electron-updater's, Node's and Chromium's errors into kinds", () => {
    expect(classifyUpdateError(newError('New version 0.2.0 is not signed by the application owner: publisherNames: X', 'ERR_UPDATER_INVALID_SIGNATURE'))).toBe('badSignature');
    expect(classifyUpdateError(newError('sha512 checksum mismatch, expected a, got b', 'ERR_CHECKSUM_MISMATCH'))).toBe('checksum');
    expect(classifyUpdateError(newError('Cannot find channel "latest.yml" update info: HttpError: 404', 'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND'))).toBe('notFound');
    expect(classifyUpdateError(newError("Update info doesn't contain nor sha256 neither sha512 checksum", 'ERR_UPDATER_NO_CHECKSUM'))).toBe('noChecksum');
    expect(classifyUpdateError(new HttpError(502))).toBe('server');
    expect(classifyUpdateError(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }))).toBe('diskFull');
    expect(classifyUpdateError(Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' }))).toBe('permission');
    expect(classifyUpdateError(new Error('net::ERR_INTERNET_DISCONNECTED'))).toBe('offline');
    expect(classifyUpdateError(new Error('net::ERR_PROXY_CONNECTION_FAILED'))).toBe('offline');
    expect(classifyUpdateError(new Error('net::ERR_CONNECTION_TIMED_OUT'))).toBe('timeout');
    expect(classifyUpdateError(new Error('Could not get code signature for running application'))).toBe('unsigned');
    expect(classifyUpdateError(new Error('Code signature at URL file:///x did not pass validation: code failed to satisfy specified code requirement(s)'))).toBe('badSignature');
    expect(classifyUpdateError(new Error('something else'))).toBe('unknown');
  });

  it('has Chinese and English text and advice for every kind', () => {
    for (const kind of UPDATE_PROBLEM_KINDS) {
      const text = UPDATE_PROBLEM_TEXT[kind];
      expect(text.messageZh).toMatch(/[\u4e00-\u9fff]/);
      expect(text.adviceZh).toMatch(/[\u4e00-\u9fff]/);
      expect(text.message).toMatch(/^[\x20-\x7e‘’“”—…]+$/);
      expect(text.advice.length).toBeGreaterThan(10);
    }
  });
});

describe('when to check', () => {
  it('retries sooner after a failure, longer each time, never beyond 6 hours', () => {
    const low = () => 0;
    const high = () => 1;
    expect(retryDelay(1, low)).toBe(150_000);
    expect(retryDelay(1, high)).toBe(300_000);
    expect(retryDelay(2, high)).toBe(600_000);
    expect(retryDelay(3, low)).toBeGreaterThan(retryDelay(2, high) - 1);
    expect(retryDelay(50, high)).toBe(CHECK_EVERY_MS);
  });
});

describe('the update address', () => {
  it('is https, or http on this computer only, without credentials or a query', () => {
    expect(feedAddressProblem('https://updates.example.com/wp/')).toBeUndefined();
    expect(feedAddressProblem('http://127.0.0.1:8080/')).toBeUndefined();
    expect(feedAddressProblem('http://updates.example.com/')).toBe('notHttps');
    expect(feedAddressProblem('https://u:p@updates.example.com/')).toBe('credentialsInUrl');
    expect(feedAddressProblem('https://updates.example.com/?token=x')).toBe('queryInUrl');
    expect(feedAddressProblem('ftp://updates.example.com/')).toBe('notUrl');
    expect(feedAddressProblem('updates')).toBe('notUrl');
  });

  it("becomes electron-builder's publish block from the environment or update-server.json, never GitHub", () => {
    expect(updatePublishConfig({}, undefined)).toBeNull();
    expect(updatePublishConfig({ WORKPHONE_UPDATE_URL: 'https://u.example.com/wp/' }, undefined)).toEqual({ provider: 'generic', url: 'https://u.example.com/wp/', channel: 'latest' });
    expect(updatePublishConfig({}, '{"url":"https://mirror.example.cn/wp/","channel":"beta"}')).toEqual({ provider: 'generic', url: 'https://mirror.example.cn/wp/', channel: 'beta' });
    // The environment wins over the file.
    expect(updatePublishConfig({ WORKPHONE_UPDATE_URL: 'https://a.example.com/', WORKPHONE_UPDATE_CHANNEL: 'stable' }, '{"url":"https://b.example.com/"}')).toMatchObject({ url: 'https://a.example.com/', channel: 'stable' });
    expect(() => updatePublishConfig({ WORKPHONE_UPDATE_URL: 'http://updates.example.com/' }, undefined)).toThrow(/notHttps/);
    expect(() => updatePublishConfig({}, '{oops')).toThrow(/not valid JSON/);
    expect(() => updatePublishConfig({ WORKPHONE_UPDATE_URL: 'https://a.example.com/', WORKPHONE_UPDATE_CHANNEL: 'Beta 1' }, undefined)).toThrow(/channel/);
  });

  it('is read back from the app-update.yml electron-builder writes into the app', () => {
    expect(readBuiltFeed("provider: generic\nurl: https://u.example.com/wp/\nchannel: beta\nupdaterCacheDirName: workphone-desk-updater\n")).toEqual({ url: 'https://u.example.com/wp/', channel: 'beta' });
    expect(readBuiltFeed('provider: generic\nurl: https://u.example.com/wp/\n')).toEqual({ url: 'https://u.example.com/wp/', channel: 'latest' });
    expect(readBuiltFeed('provider: github\nowner: x\nrepo: y\n')).toBeNull();
    expect(readBuiltFeed('provider: generic\nurl: http://evil.example.com/\n')).toBeNull();
    expect(readBuiltFeed(undefined)).toBeNull();
    expect(readBuiltFeed(': [')).toBeNull();
  });
});
