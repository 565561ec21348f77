/**
 * A small org for the query tests: Leads and Accounts fields as Zoho's Fields Metadata API
 * returns them (trimmed to the keys the emulator reads), and records shaped like real GET bodies.
 */
import type { ZohoField } from '../../generator/metadata/snapshot-types.ts';

function field(api_name: string, data_type: string, extra: Partial<ZohoField> = {}): ZohoField {
  return { api_name, data_type, field_label: api_name.replace(/_/g, ' '), ...extra };
}

export const LEAD_FIELDS: readonly ZohoField[] = [
  field('Last_Name', 'text', { json_type: 'string', length: 80, system_mandatory: true }),
  field('First_Name', 'text', { json_type: 'string', length: 40 }),
  field('Full_Name', 'text', { json_type: 'string', read_only: true }),
  field('Company', 'text', { json_type: 'string' }),
  field('Email', 'email', { json_type: 'string' }),
  field('Secondary_Email', 'email', { json_type: 'string' }),
  field('Phone', 'phone', { json_type: 'string' }),
  field('Mobile', 'phone', { json_type: 'string' }),
  field('Website', 'website', { json_type: 'string' }),
  field('Description', 'textarea', { json_type: 'string' }),
  field('Lead_Status', 'picklist', {
    json_type: 'string',
    pick_list_values: [
      { display_value: 'Contacted', actual_value: 'Contacted' },
      { display_value: 'Not Contacted', actual_value: 'Not Contacted' },
      { display_value: 'Junk Lead', actual_value: 'Junk Lead' },
    ],
  }),
  field('Languages', 'multiselectpicklist', { json_type: 'jsonarray' }),
  field('No_of_Employees', 'integer', { json_type: 'integer' }),
  field('Annual_Revenue', 'currency', { json_type: 'double' }),
  field('Big_Number', 'bigint', { json_type: 'string' }),
  field('Score', 'double', { json_type: 'double' }),
  field('Rating_Pct', 'percent', { json_type: 'double' }),
  field('Email_Opt_Out', 'boolean', { json_type: 'boolean' }),
  field('Birth_Date', 'date', { json_type: 'string' }),
  field('Created_Time', 'datetime', { json_type: 'string', read_only: true }),
  field('Owner', 'ownerlookup', {
    json_type: 'jsonobject',
    lookup: { module: { api_name: 'users' } },
  }),
  field('Account', 'lookup', {
    json_type: 'jsonobject',
    lookup: { module: { api_name: 'Accounts' } },
  }),
  field('Lead_No', 'autonumber', { json_type: 'string', read_only: true }),
  field('Revenue_Per_Head', 'formula', {
    json_type: 'double',
    formula: { return_type: 'currency' },
  }),
  field('Photo', 'imageupload', { json_type: 'jsonarray' }),
];

export const ACCOUNT_FIELDS: readonly ZohoField[] = [
  field('Account_Name', 'text', { json_type: 'string', system_mandatory: true }),
  field('Industry', 'picklist', { json_type: 'string' }),
  field('Annual_Revenue', 'currency', { json_type: 'double' }),
  field('Owner', 'ownerlookup', {
    json_type: 'jsonobject',
    lookup: { module: { api_name: 'users' } },
  }),
  field('Parent_Account', 'lookup', {
    json_type: 'jsonobject',
    lookup: { module: { api_name: 'Accounts' } },
  }),
];

export function fieldMap(fields: readonly ZohoField[]): ReadonlyMap<string, ZohoField> {
  return new Map(fields.map((f) => [f.api_name, f]));
}

export const OWNER_PATRICIA = {
  name: 'Patricia Boyle',
  id: '554023000000235011',
  email: 'p.boyle@zylker.com',
};
export const OWNER_KATE = {
  name: 'Kate Smith',
  id: '554023000000235022',
  email: 'k.smith@zylker.com',
};

export const ACCOUNTS: readonly Record<string, unknown>[] = [
  {
    id: '554023000000300001',
    Account_Name: 'Zylker Inc',
    Industry: 'Manufacturing',
    Annual_Revenue: 500000,
    Owner: OWNER_PATRICIA,
    Parent_Account: null,
  },
  {
    id: '554023000000300002',
    Account_Name: 'Acme, Ltd. (EU)',
    Industry: 'Retail',
    Annual_Revenue: 120000.5,
    Owner: OWNER_KATE,
    Parent_Account: { name: 'Zylker Inc', id: '554023000000300001' },
  },
];

export const LEADS: readonly Record<string, unknown>[] = [
  {
    id: '554023000000400001',
    Last_Name: 'Smith',
    First_Name: 'John',
    Full_Name: 'John Smith',
    Company: 'ABC Inc',
    Email: 'john.smith@abc.example',
    Secondary_Email: null,
    Phone: '+1 (555) 010-2000',
    Mobile: null,
    Website: 'abc.example',
    Description: 'Met at the trade show',
    Lead_Status: 'Contacted',
    Languages: ['English', 'German'],
    No_of_Employees: 100,
    Annual_Revenue: 25000,
    Big_Number: '9007199254740993',
    Score: 4.5,
    Rating_Pct: 12.5,
    Email_Opt_Out: false,
    Birth_Date: '1990-05-17',
    Created_Time: '2024-02-19T18:30:23-11:00',
    Owner: OWNER_PATRICIA,
    Account: { name: 'Zylker Inc', id: '554023000000300001' },
    Lead_No: 'LD-0001',
    Revenue_Per_Head: 250,
    $currency_symbol: '$',
  },
  {
    id: '554023000000400002',
    Last_Name: 'Burns,B',
    First_Name: 'Mary',
    Full_Name: 'Mary Burns,B',
    Company: 'ABC',
    Email: 'MARY@burns.example',
    Secondary_Email: 'mary.alt@burns.example',
    Phone: null,
    Mobile: '5550102001',
    Website: null,
    Description: null,
    Lead_Status: 'Not Contacted',
    Languages: ['French'],
    No_of_Employees: 5,
    Annual_Revenue: '125000.75',
    Big_Number: '12',
    Score: -1,
    Rating_Pct: null,
    Email_Opt_Out: true,
    Birth_Date: '2001-12-31',
    Created_Time: '2024-02-20T05:00:00+05:30',
    Owner: OWNER_KATE,
    Account: null,
    Lead_No: 'LD-0002',
    Revenue_Per_Head: null,
  },
  {
    id: '554023000000400003',
    Last_Name: 'Patricia(Boyle)',
    First_Name: null,
    Full_Name: 'Patricia(Boyle)',
    Company: 'Zylker Inc',
    Email: null,
    Secondary_Email: null,
    Phone: '555-010-2002',
    Mobile: null,
    Website: null,
    Description: 'Prefers email: never call before 10:00',
    Lead_Status: 'Junk Lead',
    Languages: [],
    No_of_Employees: null,
    Annual_Revenue: null,
    Big_Number: null,
    Score: 0,
    Rating_Pct: 99,
    Email_Opt_Out: false,
    Birth_Date: null,
    Created_Time: '2024-02-19T23:59:59Z',
    Owner: OWNER_PATRICIA,
    Account: { name: 'Acme, Ltd. (EU)', id: '554023000000300002' },
    Lead_No: 'LD-0003',
    Revenue_Per_Head: 0,
  },
  {
    id: '554023000000400004',
    Last_Name: 'Müller-Łukasz 東京',
    First_Name: 'Zoë',
    Full_Name: 'Zoë Müller-Łukasz 東京',
    Company: 'K\\',
    Email: 'zoe@例え.jp',
    Secondary_Email: null,
    Phone: null,
    Mobile: null,
    Website: null,
    Description: null,
    Lead_Status: 'Contacted',
    Languages: ['Japanese', 'German'],
    No_of_Employees: 2500,
    Annual_Revenue: 0,
    Big_Number: '100',
    Score: 10,
    Rating_Pct: 50,
    Email_Opt_Out: false,
    Birth_Date: '1990-05-18',
    Created_Time: '2023-12-31T23:00:00-02:00',
    Owner: OWNER_KATE,
    Account: null,
    Lead_No: 'LD-0004',
    Revenue_Per_Head: 1.5,
  },
];
