/**
 * Send an email from a record. Zoho CRM v8 "Send Mail" (send-mail.html): POST /{module}/{id}/actions/send_mail
 * with one email in `data`; `from` is the user's own (or, with `org_email`, an organization) address,
 * attachments are ids of files uploaded to ZFS (POST /crm/v8/files). Answers the email's `message_id`.
 */
import {
  actionPath,
  oneResult,
  withSignal,
  type ActionOptions,
  type ActionTarget,
} from './action-target.js';
import { ZohoApiError } from './errors.js';

export interface MailAddress {
  email: string;
  user_name?: string;
}

/** One email, in Zoho's own keys. */
export interface MailInput {
  from: MailAddress;
  to: readonly MailAddress[];
  cc?: readonly MailAddress[];
  bcc?: readonly MailAddress[];
  reply_to?: MailAddress;
  /** Send from an organization address (`from` must be one). */
  org_email?: boolean;
  /** Send later (ISO date-time). */
  scheduled_time?: string;
  in_reply_to?: { message_id: string; owner?: { id: string } };
  subject?: string;
  content?: string;
  mail_format?: 'html' | 'text';
  consent_email?: boolean;
  /** An email template instead of `subject` / `content`. */
  template?: { id: string };
  /** Files uploaded to ZFS, by id. */
  attachments?: readonly { id: string }[];
}

/** Sends the email (never replayed: a second send is a second email); its message id. */
export async function sendMail(
  target: ActionTarget,
  id: string,
  mail: MailInput,
  options?: ActionOptions,
): Promise<{ messageId: string }> {
  if (mail.to.length === 0)
    throw new RangeError(`${target.apiName}.sendMail: \`to\` must hold at least one address`);
  const body = await target.core.request(
    withSignal(
      {
        method: 'POST',
        path: actionPath(target.apiName, id, 'actions', 'send_mail'),
        body: { data: [mail] },
        operation: 'sendMail',
        idempotent: false,
      },
      options,
    ),
  );
  const messageId = oneResult(body, 'sendMail').details['message_id'];
  if (typeof messageId !== 'string')
    throw new ZohoApiError({
      code: 'UNEXPECTED_RESPONSE',
      message: 'Zoho sent the mail without a message_id',
      operation: 'sendMail',
    });
  return { messageId };
}
