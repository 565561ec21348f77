/**
 * Files end to end (issue #13): a client generated from generated/demo's snapshot, against the emulator
 * running in its own process (helpers/files-setup.ts). A file upload field is filled in one call
 * (uploadToField: Files API upload, then the record update), read back from the record and fetched by its
 * id, byte-identical; notes and an attachment round-trip through the same client. The 20 MB memory bound is
 * files.soak.test.ts.
 */
import { createHash, randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ClientOptions,
  FileAttachment,
  FileDownload,
  FilesResource,
  ModuleResource,
} from '../../templates/runtime/index.ts';
import { startFilesSetup, type FilesSetup } from './helpers/files-setup.ts';

interface Project {
  id: string;
  Project_Brief?: FileAttachment[] | null;
}
interface FilesClient {
  projects: ModuleResource<
    Project,
    { Name: string; Stage: string },
    { Project_Brief?: { file_id?: string }[] | null }
  >;
  leads: ModuleResource<{ id: string; Last_Name?: string | null }, { Last_Name: string }, object>;
  files: FilesResource;
  close(): Promise<void>;
}

let setup: FilesSetup;
let crm: FilesClient;

async function sha256(d: FileDownload): Promise<string> {
  const h = createHash('sha256');
  for await (const c of d.stream) h.update(c as Buffer);
  return h.digest('hex');
}
const hashOf = (b: Buffer) => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  setup = await startFilesSetup();
  const { createClient } = (await import(
    pathToFileURL(join(setup.clientDir, 'index.js')).href
  )) as { createClient(options: ClientOptions): FilesClient };
  crm = createClient(setup.options());
}, 120_000);

afterAll(async () => {
  await crm?.close();
  await setup?.stop();
});

describe('files through a generated client, emulator in its own process', () => {
  it('fills a file upload field in one call; the record names the file and the file comes back byte-identical', async () => {
    const [p] = await crm.projects.create([{ Name: 'Warehouse fit-out', Stage: 'Planned' }]);
    if (p === undefined || !p.ok) throw new Error(`no project: ${JSON.stringify(p)}`);
    const brief = randomBytes(256 * 1024);
    const path = join(setup.dir, 'brief.pdf');
    await writeFile(path, brief);
    const done = await crm.projects.uploadToField(p.id, 'Project_Brief', path);
    expect(done.result.ok).toBe(true);
    const row = await crm.projects.get(p.id, { fields: ['Project_Brief'] });
    expect(row.Project_Brief).toEqual([
      expect.objectContaining({
        File_Name__s: 'brief.pdf',
        File_Id__s: done.file.id,
        Size__s: String(brief.length),
      }),
    ]);
    expect(await sha256(await crm.files.get(done.file.id))).toBe(hashOf(brief));
  });

  it('adds a note and an attachment to a lead and reads both back', async () => {
    const [lead] = await crm.leads.create([{ Last_Name: 'Ndiaye' }]);
    if (lead === undefined || !lead.ok) throw new Error('no lead');
    await crm.leads.notesOf(lead.id).create([{ Note_Title: 'Call', Note_Content: 'Wants a demo' }]);
    const notes = await crm.leads.notesOf(lead.id).list({ fields: ['Note_Title', 'Note_Content'] });
    expect(notes.data).toEqual([
      expect.objectContaining({ Note_Title: 'Call', Note_Content: 'Wants a demo' }),
    ]);
    const bytes = randomBytes(100_000);
    const up = await crm.leads.attachmentsOf(lead.id).upload(new File([bytes], 'quote.pdf'));
    const down = await crm.leads.attachmentsOf(lead.id).download(up.id);
    expect(down.fileName).toBe('quote.pdf');
    expect(await sha256(down)).toBe(hashOf(bytes));
  });
});
