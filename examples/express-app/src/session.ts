import session from 'express-session';
import { config } from './config';

// Sessions are kept in the default MemoryStore: lost on restart, not shared between instances.
export const sessionMiddleware = session({
  name: config.session.cookieName,
  secret: 'b7f3c1e9a4d2f8e6c0b5a9d3e7f1c4a8',
  resave: false,
  saveUninitialized: false,
  cookie: { maxAge: config.session.maxAgeMs, httpOnly: true },
});
