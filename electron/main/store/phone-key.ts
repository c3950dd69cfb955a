/**
 * How a phone number is matched across calls, SMS, CRM and chats: digits only, without China's
 * country code, so "+86 138-1234-5678", "8613812345678" and "13812345678" are one customer.
 */
export function phoneKey(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length === 13 && digits.startsWith('86')) return digits.slice(2);
  if (digits.length === 15 && digits.startsWith('0086')) return digits.slice(4);
  return digits;
}
