/** A small module map, shaped as the generator emits it (record + fields), for the query builders' tests. */
export interface TestMap {
  Leads: {
    record: {
      id: string;
      Last_Name?: string | null;
      Email?: string | null;
      Description?: string | null;
      Lead_Status?: 'Contacted' | 'Not Contacted' | null;
      Languages?: ('English' | 'German')[] | null;
      Annual_Revenue?: number | null;
      Closing?: string | null;
      Created_Time?: string | null;
      Converted?: boolean | null;
      Owner?: { id: string; name?: string } | null;
      Account?: { id: string; name?: string } | null;
    };
    fields: {
      Last_Name: 'text';
      Email: 'text';
      Description: 'textarea';
      Lead_Status: 'picklist';
      Languages: 'multiselect';
      Annual_Revenue: 'number';
      Closing: 'date';
      Created_Time: 'datetime';
      Converted: 'boolean';
      Owner: 'lookup:Users';
      Account: 'lookup:Accounts';
    };
  };
  Accounts: {
    record: { id: string; Account_Name?: string | null; Parent?: { id: string } | null; Owner?: { id: string } | null };
    fields: { Account_Name: 'text'; Parent: 'lookup:Accounts'; Owner: 'lookup:Users' };
  };
}
