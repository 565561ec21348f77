/** Modules `Foo` and `Generic`; Foo's related lists go to Generic and to `Ghosts`, which the snapshot lacks. */
import type { Snapshot } from '../../generator/metadata/snapshot-types.ts';
import { zohoField, zohoModule } from '../fixtures/quirky-org.ts';

export function quirkyOrgModule(): Snapshot {
  return {
    modules: { modules: [zohoModule('Foo'), zohoModule('Generic')] },
    fields: {
      Foo: { fields: [zohoField('Name', 'text', 'string', { system_mandatory: true })] },
      Generic: { fields: [zohoField('Serial', 'text', 'string')] },
    },
    related_lists: {
      Foo: {
        related_lists: [
          { api_name: 'Generic_Items', display_label: 'Generic items', module: { api_name: 'Generic' } },
          { api_name: 'Ghost_Things', display_label: 'Ghost things', module: { api_name: 'Ghosts' } },
        ],
      },
      Generic: { related_lists: [] },
    },
  };
}
