/** Tables of the letters module (consultations, complaints, mailboxes). */
export {};
