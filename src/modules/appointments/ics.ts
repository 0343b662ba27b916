/**
 * A booking as an iCalendar file (RFC 5545). The UID is stable for the booking, so a calendar
 * that imports the file again updates its entry; SEQUENCE rises with every change (reschedule,
 * cancellation) and a cancelled booking comes with STATUS:CANCELLED.
 */
import type { DirectoryHall } from './faces.js';
import type { BookingRow, SlotRow } from './repo.js';

/** Text as a property value: backslash, semicolon, comma and newlines escaped. */
export const text = (s: string) => s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
export const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** Lines longer than 75 octets are folded (a CRLF and a space), never inside a UTF-8 character. */
export function fold(line: string): string {
  const out: string[] = [];
  let current = '';
  let bytes = 0;
  for (const ch of line) {
    const n = Buffer.byteLength(ch);
    if (bytes + n > (out.length ? 74 : 75)) {
      out.push(current);
      current = '';
      bytes = 0;
    }
    current += ch;
    bytes += n;
  }
  out.push(current);
  return out.join('\r\n ');
}

export function bookingIcs(o: { booking: BookingRow; slot: SlotRow; hall: DirectoryHall; host: string; url: string; summary: string; description: string }): string {
  const { booking, slot, hall } = o;
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Yimen//appointments//ZH',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:booking-${booking.id}@${o.host}`,
    `SEQUENCE:${booking.sequence}`,
    `DTSTAMP:${stamp(booking.updatedAt)}`,
    `DTSTART:${stamp(slot.startsAt)}`,
    `DTEND:${stamp(slot.endsAt)}`,
    `SUMMARY:${text(o.summary)}`,
    `LOCATION:${text(`${hall.name}（${hall.address}）`)}`,
    `DESCRIPTION:${text(o.description)}`,
    `URL:${o.url}`,
    `STATUS:${booking.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED'}`,
  ];
  if (booking.status === 'booked') lines.push('BEGIN:VALARM', 'ACTION:DISPLAY', `DESCRIPTION:${text(o.summary)}`, 'TRIGGER:-PT1H', 'END:VALARM');
  lines.push('END:VEVENT', 'END:VCALENDAR');
  return `${lines.map(fold).join('\r\n')}\r\n`;
}
