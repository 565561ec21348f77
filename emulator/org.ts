/** The emulated org and its users (v8 "Get Organization Data" and "Users" shapes, trimmed to the common keys). */

export interface EmulatedUser {
  id: string;
  full_name: string;
  first_name: string;
  last_name: string;
  email: string;
  status: 'active' | 'disabled';
  role: { name: string; id: string };
  profile: { name: string; id: string };
  time_zone: string;
  locale: string;
  country_locale: string;
  confirm: boolean;
  zuid: string;
  [key: string]: unknown;
}

export const ORG_ID = '5843200000000000001';
export const ZGID = '812345678';

function user(n: number, first: string, last: string, role: string, profile: string): EmulatedUser {
  const id = `584320000000030${String(n).padStart(4, '0')}`;
  return {
    id,
    full_name: `${first} ${last}`,
    first_name: first,
    last_name: last,
    email: `${first.toLowerCase()}.${last.toLowerCase()}@zylker.example`,
    status: 'active',
    role: { name: role, id: '5843000000000026005' },
    profile: {
      name: profile,
      id: profile === 'Administrator' ? '5843000000000026011' : '5843000000000026014',
    },
    time_zone: 'UTC',
    locale: 'en_US',
    country_locale: 'en_US',
    confirm: true,
    zuid: String(70000000 + n),
    created_time: '2024-01-08T09:00:00+00:00',
    Modified_Time: '2024-01-08T09:00:00+00:00',
  };
}

export const USERS: readonly EmulatedUser[] = [
  user(1, 'Patricia', 'Boyle', 'CEO', 'Administrator'),
  user(2, 'Kris', 'Marrier', 'Manager', 'Standard'),
  user(3, 'Carissa', 'Batman', 'Manager', 'Standard'),
  user(4, 'Leota', 'Dilliard', 'Sales Rep', 'Standard'),
];

/** The user every API call acts as (the refresh token's owner). */
export const CURRENT_USER = USERS[0] as EmulatedUser;

export function userRef(u: EmulatedUser): { name: string; id: string; email: string } {
  return { name: u.full_name, id: u.id, email: u.email };
}

export const ORG = {
  id: ORG_ID,
  zgid: ZGID,
  domain_name: 'org812345678',
  company_name: 'Zylker Corp',
  alias: null,
  primary_email: 'patricia.boyle@zylker.example',
  primary_zuid: '70000001',
  country: 'United States',
  country_code: 'US',
  currency: 'US Dollar - USD',
  currency_locale: 'en_US',
  currency_symbol: '$',
  iso_code: 'USD',
  mc_status: false,
  gapps_enabled: false,
  time_zone: 'UTC',
  type: 'production',
  phone: '555-0100',
  mobile: null,
  fax: null,
  website: 'https://zylker.example',
  street: '4141 Hacienda Drive',
  city: 'Pleasanton',
  state: 'CA',
  zip: '94588',
  description: null,
  employee_count: '120',
  privacy_settings: true,
  hierarchy_preferences: { type: 'Role_Hierarchy', strictly_reporting: false },
  license_details: {
    paid_expiry: null,
    users_license_purchased: 20,
    trial_type: null,
    trial_expiry: null,
    paid: true,
    paid_type: 'enterprise',
  },
  photo_id: null,
  translation_enabled: false,
  ziaportal_id: null,
  lite_users_enabled: false,
  hipaa_compliance_enabled: false,
};
