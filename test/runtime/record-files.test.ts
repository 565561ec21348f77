/**
 * Files on records through the runtime, against the emulator (in-process, the demo org's snapshot so that
 * Projects has file and image upload fields): notes, attachments from a path / Blob / stream, downloads as
 * streams with their names, the record photo, the Files API and uploadToField. What is uploaded comes back
 * byte-identical; a one-shot stream is never replayed; a file known to be too large is refused unsent.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index.ts';
import { ZohoCore } from '../../templates/runtime/core.ts';
import { NotFoundError, ValidationError, ZohoApiError } from '../../templates/runtime/errors.ts';
import type { FileDownload } from '../../templates/runtime/file-download.ts';
import { FILES_MAX_BYTES } from '../../templates/runtime/file-limits.ts';
import { ModuleResource } from '../../templates/runtime/module-resource.ts';
import type {
  FileAttachment,
  ImageUploadInput,
  FileUploadInput,
} from '../../templates/runtime/record-types.ts';
import { FilesResource } from '../../templates/runtime/resources/files.ts';
import { DEMO_SNAPSHOT } from '../helpers/demo-client.ts';

type Row = { id: string; [field: string]: unknown };
interface Project {
  id: string;
  Name?: string | null;
  Project_Brief?: FileAttachment[] | null;
  Site_Photos?: FileAttachment[] | null;
}
interface ProjectUpdate {
  Name?: string | null;
  Project_Brief?: FileUploadInput[] | null;
  Site_Photos?: ImageUploadInput[] | null;
}

let emu: Emulator;
let core: ZohoCore;
let dir: string;
let leads: ModuleResource<Row, Record<string, unknown>, Record<string, unknown>>;
let leadId: string;

/** The next attachment upload answers 503 (a retryable failure). */
function failUploadOnce(): void {
  emu.faults.set({
    kind: 'status',
    status: 503,
    times: 1,
    match: { operation: 'uploadAttachment' },
  });
}

async function bytesOf(d: FileDownload): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of d.stream) chunks.push(Buffer.from(c as Uint8Array));
  return Buffer.concat(chunks);
}

beforeAll(async () => {
  emu = await startEmulator({ snapshot: DEMO_SNAPSHOT });
  core = new ZohoCore({
    auth: emu.credentials,
    apiDomain: emu.url,
    accountsUrl: emu.url,
    retry: { baseDelayMs: 5, maxDelayMs: 50 },
  });
  dir = await mkdtemp(join(tmpdir(), 'zcrm-record-files-'));
  leads = new ModuleResource(core, 'Leads');
  const [created] = await leads.create([{ Last_Name: 'Files' }]);
  if (!created?.ok) throw new Error('no lead');
  leadId = created.id;
});

afterAll(async () => {
  await core?.close();
  await emu?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('notes of a record', () => {
  it('create, list, update and delete, by the record', async () => {
    const notes = leads.notesOf(leadId);
    const created = await notes.create([
      { Note_Title: 'Call', Note_Content: 'first' },
      { Note_Content: 'second' },
    ]);
    expect(created.map((r) => r.ok)).toEqual([true, true]);
    const page = await notes.list({ fields: ['Note_Title', 'Note_Content'] });
    expect(page.data.map((n) => n.Note_Content).sort()).toEqual(['first', 'second']);
    const first = created[0]!;
    if (!first.ok) throw new Error('unreachable');
    const [updated] = await notes.update([{ id: first.id, Note_Content: 'changed' }]);
    expect(updated?.ok).toBe(true);
    const all = [];
    for await (const n of notes.iterate({ fields: ['Note_Content'], perPage: 1 }))
      all.push(n.Note_Content);
    expect(all.sort()).toEqual(['changed', 'second']);
    await notes.delete([first.id]);
    const left = await notes.list({ fields: ['Note_Content'] });
    expect(left.data.map((n) => n.Note_Content)).toEqual(['second']);
  });

  it("updates only the record's own notes", async () => {
    const [other] = await leads.create([{ Last_Name: 'Other' }]);
    if (!other?.ok) throw new Error('no lead');
    const [theirs] = await leads.notesOf(other.id).create([{ Note_Content: 'theirs' }]);
    if (!theirs?.ok) throw new Error('no note');
    const [result] = await leads
      .notesOf(leadId)
      .update([{ id: theirs.id, Note_Content: 'mine now' }]);
    expect(result).toMatchObject({ ok: false, code: 'INVALID_DATA' });
    const still = await leads.notesOf(other.id).list({ fields: ['Note_Content'] });
    expect(still.data.map((n) => n.Note_Content)).toEqual(['theirs']);
  });

  it('a record without notes lists none; list without fields names the call', async () => {
    const [other] = await leads.create([{ Last_Name: 'No notes' }]);
    if (!other?.ok) throw new Error('no lead');
    expect((await leads.notesOf(other.id).list({ fields: ['Note_Content'] })).data).toEqual([]);
    await expect(leads.notesOf(other.id).list({ fields: [] })).rejects.toThrow(
      `Leads.notesOf(${other.id}).list: \`fields\` must list at least one field`,
    );
  });
});

describe('attachments of a record', () => {
  it('upload from a path, a Blob and a stream; list; download each byte-identical with its name', async () => {
    const att = leads.attachmentsOf(leadId);
    const fromPath = randomBytes(300_000);
    const path = join(dir, 'report.bin');
    await writeFile(path, fromPath);
    const fromBlob = randomBytes(70_000);
    const fromStream = randomBytes(150_000);
    const a = await att.upload(path);
    const b = await att.upload(
      new File([fromBlob], 'résumé "v2".pdf', { type: 'application/pdf' }),
    );
    const c = await att.upload(
      Readable.from([fromStream.subarray(0, 1000), fromStream.subarray(1000)]),
      {
        fileName: 'streamed.dat',
      },
    );
    const page = await att.list({ fields: ['File_Name', 'Size'] });
    const listed = Object.fromEntries(page.data.map((x) => [x.id, [x.File_Name, x.Size]]));
    expect(listed[a.id]).toEqual(['report.bin', '300000']);
    // The quote is escaped on the wire as a browser does (%22), so it cannot end the header's value.
    expect(listed[b.id]).toEqual(['résumé %22v2%22.pdf', '70000']);
    expect(listed[c.id]).toEqual(['streamed.dat', '150000']);

    const down = await att.download(a.id);
    expect(down.fileName).toBe('report.bin');
    expect(down.size).toBe(300_000);
    expect((await bytesOf(down)).equals(fromPath)).toBe(true);
    const downB = await att.download(b.id);
    expect(downB.fileName).toBe('résumé %22v2%22.pdf');
    expect((await bytesOf(downB)).equals(fromBlob)).toBe(true);
    expect((await bytesOf(await att.download(c.id))).equals(fromStream)).toBe(true);

    await att.delete(c.id);
    const after = await att.list({ fields: ['File_Name'] });
    expect(after.data.map((x) => x.id).sort()).toEqual([a.id, b.id].sort());
  });

  it('attaches a link with its title', async () => {
    const att = leads.attachmentsOf(leadId);
    const link = await att.attachUrl('https://www.zoho.com/crm/', { title: 'Zoho CRM' });
    const page = await att.list({ fields: ['File_Name', '$type', '$link_url'] });
    const row = page.data.find((x) => x.id === link.id);
    expect(row).toMatchObject({
      File_Name: 'Zoho CRM',
      $type: 'Link URL',
      $link_url: 'https://www.zoho.com/crm/',
    });
  });

  it('a path upload is retried after a 503; a stream upload is sent once and the failure says why', async () => {
    const att = leads.attachmentsOf(leadId);
    const path = join(dir, 'retry.bin');
    const bytes = randomBytes(10_000);
    await writeFile(path, bytes);
    failUploadOnce();
    emu.log.clear();
    const retried = await att.upload(path);
    expect(emu.log.count('uploadAttachment')).toBe(2);
    expect((await bytesOf(await att.download(retried.id))).equals(bytes)).toBe(true);

    failUploadOnce();
    emu.log.clear();
    const err = await att
      .upload(Readable.from([bytes]), { fileName: 'once.bin' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZohoApiError);
    expect((err as Error).message).toContain('can be sent only once (pass a path or a Blob');
    expect(emu.log.count('uploadAttachment')).toBe(1);
  });

  it('after a refused token, a path upload is sent again with the new token; a stream upload is not', async () => {
    const att = leads.attachmentsOf(leadId);
    const bytes = randomBytes(2_000);
    const path = join(dir, 'token.bin');
    await writeFile(path, bytes);
    emu.faults.set({ kind: 'expire-tokens' });
    emu.log.clear();
    const sent = await att.upload(path);
    expect(emu.log.count('uploadAttachment')).toBe(2);
    expect((await bytesOf(await att.download(sent.id))).equals(bytes)).toBe(true);

    emu.faults.set({ kind: 'expire-tokens' });
    emu.log.clear();
    const err = await att
      .upload(Readable.from([bytes]), { fileName: 'token.bin' })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'INVALID_TOKEN', status: 401 });
    expect((err as Error).message).toContain(
      'the access token was refused and the call was not sent again with a new one: the upload was read from a stream',
    );
    expect(emu.log.count('uploadAttachment')).toBe(1);
  });

  it('a bad source names the call', async () => {
    const att = leads.attachmentsOf(leadId);
    await expect(att.upload(join(dir, 'missing.bin'))).rejects.toThrow(
      `Leads.attachmentsOf(${leadId}).upload: cannot read ${join(dir, 'missing.bin')} (ENOENT)`,
    );
    await expect(att.upload(Readable.from([Buffer.from('x')]))).rejects.toThrow(
      'a stream carries no file name; pass { fileName } with it',
    );
  });
});

describe('record photo', () => {
  it('upload, get as a stream, delete; none gives undefined', async () => {
    const photo = leads.photoOf(leadId);
    expect(await photo.get()).toBeUndefined();
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), randomBytes(5000)]);
    await photo.upload(new Blob([png], { type: 'image/png' }), { fileName: 'me.png' });
    const got = await photo.get();
    expect(got?.contentType).toBe('image/png');
    expect((await bytesOf(got!)).equals(png)).toBe(true);
    await photo.delete();
    expect(await photo.get()).toBeUndefined();
  });
});

describe('Files API and file upload fields', () => {
  it('uploads to ZFS and gets the same bytes back; an unknown id is NotFoundError', async () => {
    const files = new FilesResource(core);
    const bytes = randomBytes(40_000);
    const up = await files.upload(new File([bytes], 'brief.txt'));
    expect(up.name).toBe('brief.txt');
    const got = await files.get(up.id);
    expect(got.fileName).toBe('brief.txt');
    expect((await bytesOf(got)).equals(bytes)).toBe(true);
    await expect(files.get('no-such-file')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('uploadMany sends up to 10 files in one call, one result each in order', async () => {
    const files = new FilesResource(core);
    emu.log.clear();
    const ups = await files.uploadMany([
      { source: new File([Buffer.from('one')], 'one.txt') },
      { source: Readable.from([Buffer.from('two')]), fileName: 'two.txt' },
    ]);
    expect(ups.map((u) => u.name)).toEqual(['one.txt', 'two.txt']);
    expect(emu.log.count('uploadFiles')).toBe(1);
    expect((await bytesOf(await files.get(ups[1]!.id))).toString()).toBe('two');
    await expect(files.uploadMany([])).rejects.toThrow('give 1 to 10 files per call');
  });

  it('refuses a file over 20 MB before sending a byte', async () => {
    const path = join(dir, 'big.bin');
    const fh = await open(path, 'w');
    await fh.truncate(FILES_MAX_BYTES + 1); // sparse: no 20 MB in memory or on disk
    await fh.close();
    emu.log.clear();
    const err = await new FilesResource(core).upload(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err).toMatchObject({ code: 'FILE_SIZE_MORE_THAN_ALLOWED_SIZE' });
    expect((err as Error).message).toContain(`big.bin is ${FILES_MAX_BYTES + 1} bytes`);
    expect(emu.log.count('uploadFiles')).toBe(0);
  });

  it('uploadToField and uploadToImageField fill the fields in one call each', async () => {
    const projects = new ModuleResource<Project, { Name: string; Stage: string }, ProjectUpdate>(
      core,
      'Projects',
    );
    const [p] = await projects.create([{ Name: 'Depot', Stage: 'Planned' }]);
    if (!p?.ok) throw new Error(`no project: ${JSON.stringify(p)}`);
    const brief = randomBytes(12_000);
    const done = await projects.uploadToField(
      p.id,
      'Project_Brief',
      new File([brief], 'brief.pdf'),
    );
    expect(done.result.ok).toBe(true);
    await projects.uploadToImageField(
      p.id,
      'Site_Photos',
      new File([randomBytes(900)], 'site.jpg', { type: 'image/jpeg' }),
    );
    const row = await projects.get(p.id, { fields: ['Project_Brief', 'Site_Photos'] });
    expect(row.Project_Brief).toEqual([
      expect.objectContaining({
        File_Name__s: 'brief.pdf',
        File_Id__s: done.file.id,
        Size__s: '12000',
      }),
    ]);
    expect(row.Site_Photos).toEqual([expect.objectContaining({ File_Name__s: 'site.jpg' })]);
    // The file behind the field is the one uploaded.
    const back = await new FilesResource(core).get(row.Project_Brief![0]!.File_Id__s!);
    expect((await bytesOf(back)).equals(brief)).toBe(true);
  });

  it('a field write that fails after the upload throws, naming the field and the uploaded file', async () => {
    const projects = new ModuleResource<Project, object, ProjectUpdate>(core, 'Projects');
    const err = await projects
      .uploadToField('1234567890', 'Project_Brief', new File([Buffer.from('x')], 'x.txt'))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZohoApiError);
    expect((err as Error).message).toMatch(
      /Projects\.Project_Brief of 1234567890: file \w+ was uploaded but not written into the field: the related id given seems to be invalid/,
    );
  });
});
