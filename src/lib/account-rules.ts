// Shared by the server's checks and the forms' hints (no server code here).
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;
export const EMAIL_MAX = 254;
