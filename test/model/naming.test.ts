import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import {
  camelFromPascal,
  CLIENT_MEMBERS,
  MODULE_RESOURCE_MEMBERS,
  isIdentifier,
  NameScope,
  nameModules,
  nameRelatedLists,
  pascalCase,
  moduleTypeNames,
  shortHash,
} from '../../generator/model/naming.ts';
import { propertyKey } from '../../generator/emit/literals.ts';

describe('pascalCase', () => {
  const cases: [given: string, want: string][] = [
    ['Leads', 'Leads'],
    ['Sales_Orders', 'SalesOrders'],
    ['Site_Visits__s', 'SiteVisits'],
    ['Appointments__s', 'Appointments'],
    ['Custom__c', 'Custom'],
    ['Price_Books', 'PriceBooks'],
    ['CRM_Leads', 'CRMLeads'],
    ['lead-source', 'LeadSource'],
    ['2024_Targets', 'M2024Targets'],
    ['Módulo_Één', 'ModuloEen'],
    ['Deals_🚀', 'Deals'],
    ['__proto__', 'Proto'],
    ['Сделки', 'Сделки'],
    ['取引先', '取引先'],
    ['取引先_Info', '取引先Info'],
    ['ﾃｽﾄ', 'テスト'], // half-width katakana normalized (NFKD then NFC)
    ['Ｌｅａｄｓ', 'Leads'], // full-width Latin folded to ASCII
    ['Заявка_й', 'ЗаявкаЙ'], // Cyrillic keeps its marks (й is not и)
    ['प्रोजेक्ट', 'प्रोजेक्ट'], // Devanagari vowel signs stay inside the word
    ['🚀🚀', `Module${shortHash('🚀🚀')}`],
  ];
  it.each(cases)('%s → %s', (given, want) => {
    expect(pascalCase(given)).toBe(want);
    expect(isIdentifier(pascalCase(given))).toBe(true);
  });

  it('falls back to a stable hash of the api_name only when no letter or digit is left', () => {
    expect(pascalCase('🚀🚀')).toBe(pascalCase('🚀🚀'));
    expect(pascalCase('🚀🚀')).not.toBe(pascalCase('🚀🚀🚀'));
    expect(pascalCase('__')).toMatch(/^Module[0-9a-f]{8}$/);
  });
});

describe('camelFromPascal', () => {
  const cases: [pascal: string, camel: string][] = [
    ['Leads', 'leads'],
    ['SalesOrders', 'salesOrders'],
    ['CRMLeads', 'crmLeads'],
    ['M2024Targets', 'm2024Targets'],
    ['ABC', 'abc'],
    ['X', 'x'],
    ['Module1a2b3c4d', 'module1a2b3c4d'],
    ['Сделки', 'сделки'],
    ['取引先', '取引先'],
  ];
  it.each(cases)('%s → %s', (pascal, camel) => {
    expect(camelFromPascal(pascal)).toBe(camel);
  });
});

describe('isIdentifier and propertyKey', () => {
  const cases: [name: string, identifier: boolean, key: string][] = [
    ['Last_Name', true, 'Last_Name'],
    ['$se_module', true, '$se_module'],
    ['_x', true, '_x'],
    ['delete', true, 'delete'],
    ['__proto__', true, '"__proto__"'],
    ['1st_Contact', false, '"1st_Contact"'],
    ['Lead-Source', false, '"Lead-Source"'],
    ['Ünïcode', true, 'Ünïcode'],
    ['取引先', true, '取引先'],
    ['🚀', false, '"🚀"'],
    ['a b', false, '"a b"'],
    ['', false, '""'],
    ['x"y', false, '"x\\"y"'],
    ['line\nbreak', false, '"line\\nbreak"'],
    ['*/${x}`', false, '"*/${x}`"'],
  ];
  it.each(cases)('%j → identifier %s, key %s', (name, identifier, key) => {
    expect(isIdentifier(name)).toBe(identifier);
    expect(propertyKey(name)).toBe(key);
  });
});

describe('NameScope', () => {
  it('hands out the base, then numeric suffixes, skipping taken ones', () => {
    const scope = new NameScope({ reserved: ['a2'] });
    expect([scope.claim('a'), scope.claim('a'), scope.claim('a')]).toEqual(['a', 'a3', 'a4']);
  });
  it('compares case-insensitively when asked', () => {
    const scope = new NameScope({ caseInsensitive: true });
    expect([scope.claim('Leads'), scope.claim('LEADS')]).toEqual(['Leads', 'LEADS2']);
  });
});

describe('nameModules', () => {
  const names = (apiNames: string[]) => Object.fromEntries(nameModules([...apiNames].sort()));

  it('names ordinary modules', () => {
    expect(names(['Leads', 'Sales_Orders'])).toEqual({
      Leads: { typeName: 'Leads', types: moduleTypeNames('Leads'), accessorName: 'leads' },
      Sales_Orders: { typeName: 'SalesOrders', types: moduleTypeNames('SalesOrders'), accessorName: 'salesOrders' },
    });
  });

  it('resolves collisions after sanitizing in api_name order', () => {
    expect(names(['Sales_Orders', 'SalesOrders'])).toEqual({
      SalesOrders: { typeName: 'SalesOrders', types: moduleTypeNames('SalesOrders'), accessorName: 'salesOrders' },
      Sales_Orders: { typeName: 'SalesOrders2', types: moduleTypeNames('SalesOrders2'), accessorName: 'salesOrders2' },
    });
    expect(names(['Deals', 'Deals_🚀'])).toMatchObject({
      Deals: { typeName: 'Deals' },
      'Deals_🚀': { typeName: 'Deals2', types: moduleTypeNames('Deals2'), accessorName: 'deals2' },
    });
  });

  it('keeps the derived type names (<Name>Record, …) from clashing with another module', () => {
    const n = names(['Leads', 'Leads_Record', 'Leads_Create_Input', 'Leads_Module', 'Object']);
    expect(n['Leads']?.typeName).toBe('Leads');
    expect(n['Leads_Record']?.typeName).toBe('LeadsRecord2');
    expect(n['Leads_Create_Input']?.typeName).toBe('LeadsCreateInput2');
    expect(n['Leads_Module']?.typeName).toBe('LeadsModule'); // no module classes any more: `Module` is free
    // `Object` is reserved, so it becomes `ObjectModule`; its class is then `ObjectModuleModule`.
    expect(n['Object']?.typeName).toBe('ObjectModule');
  });

  it('keeps type and file names unique case-insensitively', () => {
    const n = names(['Leads', 'LEADS']);
    expect(n['LEADS']).toEqual({ typeName: 'LEADS', types: moduleTypeNames('LEADS'), accessorName: 'leads' });
    expect(n['Leads']).toEqual({ typeName: 'Leads2', types: moduleTypeNames('Leads2'), accessorName: 'leads2' });
  });

  it('moves reserved names aside with a Module suffix', () => {
    const n = names(['Object', 'Users', 'Index', 'constructor', 'then', 'Module', 'Record', 'Promise', 'Notifications']);
    expect(n['Object']?.typeName).toBe('ObjectModule');
    expect(n['Record']?.typeName).toBe('RecordModule');
    expect(n['Promise']?.typeName).toBe('PromiseModule');
    expect(n['Module']?.typeName).toBe('ModuleModule');
    expect(n['Users']).toEqual({ typeName: 'Users', types: moduleTypeNames('Users'), accessorName: 'usersModule' });
    expect(n['Notifications']?.accessorName).toBe('notificationsModule');
    expect(n['Index']?.typeName).toBe('Index');
    expect(n['constructor']?.accessorName).toBe('constructorModule');
    expect(n['then']?.accessorName).toBe('thenModule');
  });

  it('handles __proto__, leading digits and non-Latin names', () => {
    const n = names(['__proto__', '2024_Targets', 'Сделки', 'Контакты']);
    expect(n['__proto__']).toEqual({ typeName: 'Proto', types: moduleTypeNames('Proto'), accessorName: 'proto' });
    expect(n['2024_Targets']).toEqual({ typeName: 'M2024Targets', types: moduleTypeNames('M2024Targets'), accessorName: 'm2024Targets' });
    expect(n['Сделки']).toEqual({ typeName: 'Сделки', types: moduleTypeNames('Сделки'), accessorName: 'сделки' });
    expect(n['Контакты']?.accessorName).toBe('контакты');
    expect(Object.hasOwn(n, '__proto__')).toBe(true);
  });

  it('produces valid identifiers for every hostile input', () => {
    const hostile = ['a"b', 'x*/y', '${z}', 'new\nline', '\u2028', '', '_', '___', '0', 'class', 'Déjà_Vu'];
    for (const { typeName, accessorName } of nameModules(hostile.sort()).values()) {
      expect(typeName).toMatch(/^\p{Lu}[\p{L}\p{N}]*$/u);
      expect(isIdentifier(accessorName)).toBe(true);
    }
  });

  it('is deterministic', () => {
    const apiNames = ['Sales_Orders', 'SalesOrders', 'Сделки', 'Leads', 'LEADS'].sort();
    expect([...nameModules(apiNames)]).toEqual([...nameModules(apiNames)]);
  });
});

describe('nameRelatedLists', () => {
  it('camelCases, avoids ModuleResource members and stays unique', () => {
    const got = Object.fromEntries(
      nameRelatedLists(['Contacts', 'Deleted', 'Get', 'Notes', 'Related', 'SalesOrders', 'Sales_Orders', 'get', 'Сделки']),
    );
    expect(got).toEqual({
      Contacts: 'contacts',
      Deleted: 'deletedRelated',
      Get: 'getRelated',
      Notes: 'notes',
      Related: 'relatedRelated',
      SalesOrders: 'salesOrders',
      Sales_Orders: 'salesOrders2',
      get: 'getRelated2',
      Сделки: 'сделки',
    });
  });

  it('names a non-Latin module the same whatever other modules the org has, in any order', () => {
    const alone = nameModules(['取引先']).get('取引先');
    const among = nameModules(['Accounts', 'Deals', 'Leads', '商談', '取引先'].sort()).get('取引先');
    expect(among).toEqual(alone);
    expect(alone).toEqual({ typeName: '取引先', types: moduleTypeNames('取引先'), accessorName: '取引先' });
  });
});

describe('reserved member lists match the runtime', () => {
  const runtime = fileURLToPath(new URL('../../templates/runtime/module-resource.ts', import.meta.url));
  it('MODULE_RESOURCE_MEMBERS holds every member of ModuleResource', () => {
    const source = ts.createSourceFile(runtime, readFileSync(runtime, 'utf8'), ts.ScriptTarget.ES2022, true);
    const members: string[] = [];
    source.forEachChild((node) => {
      if (ts.isClassDeclaration(node) && node.name?.text === 'ModuleResource') {
        for (const member of node.members) {
          if (ts.isConstructorDeclaration(member)) members.push('constructor');
          else if (member.name && (ts.isIdentifier(member.name) || ts.isPrivateIdentifier(member.name))) members.push(member.name.text);
        }
      }
    });
    expect(members.length).toBeGreaterThan(10);
    expect(members.filter((m) => !m.startsWith('#') && !MODULE_RESOURCE_MEMBERS.has(m))).toEqual([]);
  });

  it('module accessors avoid every ModuleResource member too (crm.module(name) returns one)', () => {
    for (const m of MODULE_RESOURCE_MEMBERS) expect(CLIENT_MEMBERS.has(m)).toBe(true);
  });
});
