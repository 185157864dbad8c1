/**
 * @helper Data for no-hardcoded-secret: the APIs, per language, whose arguments are credentials
 * (signing keys, passwords, API tokens), and the calls that only convert a secret on its way there
 * (`[]byte("…")` is unwrapped by the Go adapter; `"…".getBytes()`, `Encoding.UTF8.GetBytes("…")`
 * are listed here).
 */
import type { CallSite } from '../../model';

/** An API that takes a secret. Every condition given must hold. */
export interface SecretApi {
  /** The callee as written (`jwt.sign`, `Twilio::REST::Client`, `JWT::encode`). */
  callee?: RegExp;
  /** The last name of the callee (`sign`, `SignedString`). */
  name?: RegExp;
  /** The receiver as written; `null` for a call without one. */
  receiver?: RegExp | null;
  /** Only `new X(…)` (Python and Ruby class calls count: `Fernet(…)`, `Client.new`). */
  isNew?: boolean;
  /** A module whose import makes the call this API (`jsonwebtoken` for a bare `sign(…)`). */
  imported?: RegExp;
  /** The callee's first name is bound by an import from a matching module (`from twilio.rest import Client`). */
  boundFrom?: RegExp;
  /** At least this many arguments. */
  minArgs?: number;
  /** Anything else the call must satisfy (a chained builder, say). */
  when?: (call: CallSite) => boolean;
  /** Positional arguments holding the secret. */
  args?: number[];
  /** Properties of the first (object) argument holding the secret; `users.*` takes every property of `users`, `*` every property. */
  props?: string[];
  /** The conventional environment variable for it. */
  envName: string | ((call: CallSite, imports: readonly string[]) => string);
}

function chainHas(call: CallSite | undefined, re: RegExp): boolean {
  for (let c = call, i = 0; c && i < 10; c = c.receiverCall, i++) if (re.test(c.name) || re.test(c.callee)) return true;
  return false;
}

/** Receivers of JWT libraries: jsonwebtoken, PyJWT, ruby-jwt, firebase/php-jwt. */
const JWT_RECEIVER = /^(jwt|jsonwebtoken|JWT|jsonWebToken|jwtLib|::JWT|\\?(Firebase\\JWT\\)?JWT)$/;

/** Mail libraries: a password passed with a user name is the mail server's. */
const MAIL_IMPORT = /(^|[./\\])(mail|smtp|javax\.mail|jakarta\.mail|System\.Net\.Mail|MailKit|PHPMailer|Symfony\\Component\\Mailer)/i;

export const SECRET_APIS: readonly SecretApi[] = [
  // JWT: jsonwebtoken `jwt.sign(p, secret)`, PyJWT `jwt.encode(p, key)`, ruby-jwt `JWT.encode(p, key, alg)`, php-jwt `JWT::encode($p, $key, $alg)`
  { name: /^(sign|verify|encode|decode)$/, receiver: JWT_RECEIVER, args: [1], envName: 'JWT_SECRET' },
  { name: /^(sign|verify)$/, receiver: null, imported: /^jsonwebtoken$/, args: [1], envName: 'JWT_SECRET' },
  // jose: jwtVerify(token, key), new SignJWT(…).….sign(key)
  { name: /^(jwtVerify|jwtDecrypt|compactVerify)$/, args: [1], envName: 'JWT_SECRET' },
  { name: /^sign$/, when: (c) => chainHas(c.receiverCall, /SignJWT|CompactSign|EncryptJWT/), args: [0], envName: 'JWT_SECRET' },
  // golang-jwt: token.SignedString(key)
  { name: /^SignedString$/, args: [0], envName: 'JWT_SECRET' },
  // jjwt: Jwts.builder().signWith(alg, key) / signWith(key), Jwts.parser().setSigningKey(key), Keys.hmacShaKeyFor(bytes)
  { name: /^(signWith|setSigningKey)$/, args: [0, 1], envName: 'JWT_SECRET' },
  { callee: /^Keys\.hmacShaKeyFor$/, args: [0], envName: 'JWT_SECRET' },
  // auth0 java-jwt: Algorithm.HMAC256(secret)
  { callee: /^Algorithm\.HMAC(256|384|512)$/, args: [0], envName: 'JWT_SECRET' },
  // ASP.NET Core: new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret))
  { name: /^SymmetricSecurityKey$/, isNew: true, args: [0], envName: 'JWT_SECRET' },
  // php-jwt v6: new Key($secret, 'HS256')
  { name: /^Key$/, isNew: true, boundFrom: /^\\?Firebase\\JWT\\Key$/, args: [0], envName: 'JWT_SECRET' },

  // HMAC keys: Node createHmac(alg, key), Python hmac.new(key, …), Go hmac.New(h, key), PHP hash_hmac(alg, data, key), Ruby OpenSSL::HMAC.hexdigest(d, key, data)
  { name: /^createHmac$/, args: [1], envName: 'HMAC_SECRET' },
  { callee: /^hmac\.new$/, args: [0], envName: 'HMAC_SECRET' },
  { callee: /^hmac\.New$/, args: [1], envName: 'HMAC_SECRET' },
  { callee: /^\\?hash_hmac$/, args: [2], envName: 'HMAC_SECRET' },
  { callee: /^OpenSSL::HMAC\.(hexdigest|digest|base64digest)$/, args: [1], envName: 'HMAC_SECRET' },
  { name: /^HMACSHA(1|256|384|512)$/, isNew: true, args: [0], envName: 'HMAC_SECRET' },
  // Encryption keys: Node ciphers, Python Fernet(key), Java new SecretKeySpec(bytes, alg)
  { name: /^(createCipheriv|createDecipheriv)$/, args: [1], envName: 'ENCRYPTION_KEY' },
  { name: /^createSecretKey$/, args: [0], envName: 'ENCRYPTION_KEY' },
  { name: /^Fernet$/, isNew: true, args: [0], envName: 'FERNET_KEY' },
  { name: /^SecretKeySpec$/, isNew: true, args: [0], envName: 'ENCRYPTION_KEY' },

  // Sessions and cookies (Express)
  { callee: /^cookieParser$/i, args: [0], envName: 'COOKIE_SECRET' },
  { callee: /^(session|expressSession|cookieSession|koaSession|fastifySession)$/, props: ['secret', 'keys'], envName: 'SESSION_SECRET' },
  { callee: /^(basicAuth|expressBasicAuth)$/, props: ['users.*'], envName: 'BASIC_AUTH_PASSWORD' },
  // gin: gin.BasicAuth(gin.Accounts{"user": "password"})
  { callee: /^gin\.BasicAuth(ForRealm)?$/, props: ['*'], envName: 'BASIC_AUTH_PASSWORD' },

  // Databases: new Sequelize(db, user, password), JDBC DriverManager.getConnection(url, user, password), PHP new PDO($dsn, $user, $password)
  { name: /^Sequelize$/, isNew: true, minArgs: 3, args: [2], envName: 'DB_PASSWORD' },
  { callee: /^(java\.sql\.)?DriverManager\.getConnection$/, minArgs: 3, args: [2], envName: 'DB_PASSWORD' },
  { callee: /^\\?PDO$/, isNew: true, minArgs: 3, args: [2], envName: 'DB_PASSWORD' },
  // phpredis: $redis->auth($password)
  { name: /^auth$/, receiver: /redis/i, args: [0], envName: 'REDIS_PASSWORD' },

  // Mail and HTTP credentials: Go smtp.PlainAuth(identity, user, password, host), req.SetBasicAuth(user, password), Ruby req.basic_auth(user, password),
  // Python HTTPBasicAuth(user, password), Java/C# PasswordAuthentication / NetworkCredential(user, password)
  { callee: /^smtp\.(PlainAuth|CRAMMD5Auth)$/, args: [2], envName: 'SMTP_PASSWORD' },
  { name: /^(SetBasicAuth|basic_auth|withBasicAuth)$/, minArgs: 2, args: [1], envName: 'BASIC_AUTH_PASSWORD' },
  { name: /^(HTTPBasicAuth|HTTPDigestAuth|BasicAuth|DigestAuth)$/, minArgs: 2, args: [1], envName: 'BASIC_AUTH_PASSWORD' },
  {
    name: /^(PasswordAuthentication|NetworkCredential)$/,
    isNew: true,
    minArgs: 2,
    args: [1],
    envName: (_c, imports) => (imports.some((i) => MAIL_IMPORT.test(i)) ? 'SMTP_PASSWORD' : 'SERVICE_PASSWORD'),
  },

  // Providers: Stripe, SendGrid, Twilio, AWS, Google, Slack
  { callee: /^(Stripe|stripe|require\(['"]stripe['"]\))$/, args: [0], envName: 'STRIPE_SECRET_KEY' },
  { callee: /^sendgrid\.NewSendClient$/, args: [0], envName: 'SENDGRID_API_KEY' },
  { name: /^setApiKey$/, args: [0], envName: (c) => (/sgmail|sendgrid/i.test(c.receiver ?? '') ? 'SENDGRID_API_KEY' : 'API_KEY') },
  { callee: /^(twilio|Twilio|twilio\.Twilio)$/, args: [1], envName: 'TWILIO_AUTH_TOKEN' },
  { callee: /^(Twilio::REST::Client|Twilio\\Rest\\Client|\\Twilio\\Rest\\Client)$/, args: [1], envName: 'TWILIO_AUTH_TOKEN' },
  { callee: /^(TwilioClient\.Init|Twilio\.init)$/, args: [1], envName: 'TWILIO_AUTH_TOKEN' },
  { name: /^Client$/, isNew: true, boundFrom: /^(twilio\.rest|Twilio\\Rest\\Client)$/, args: [1], envName: 'TWILIO_AUTH_TOKEN' },
  { name: /^Credentials$/, isNew: true, args: [1], envName: 'AWS_SECRET_ACCESS_KEY' },
  { name: /^BasicAWSCredentials$/, isNew: true, args: [1], envName: 'AWS_SECRET_ACCESS_KEY' },
  { callee: /^(credentials\.NewStaticCredentialsProvider|Aws::Credentials)$/, args: [1], envName: 'AWS_SECRET_ACCESS_KEY' },
  { name: /^OAuth2$/, isNew: true, args: [1], envName: 'GOOGLE_CLIENT_SECRET' },
  { name: /^WebClient$/, isNew: true, args: [0], envName: 'SLACK_BOT_TOKEN' },
];

/**
 * Calls that only convert their input and keep it the secret: `Buffer.from(s)`, `String(s)`,
 * C# `Encoding.UTF8.GetBytes(s)`, `Convert.FromBase64String(s)`, Python `base64.b64decode(s)`,
 * Java `Base64.getDecoder().decode(s)`.
 */
export const CONVERSION_CALLEES = /^(Buffer\.from|String|Encoding\.\w+\.GetBytes|Convert\.FromBase64String|base64\.(b64decode|urlsafe_b64decode|standard_b64decode)|Base64\.getDecoder\(\)\.decode|Base64\.getUrlDecoder\(\)\.decode|DatatypeConverter\.parseBase64Binary|\\?base64_decode|Base64\.decode64|Base64\.strict_decode64|hex\.DecodeString|base64\.StdEncoding\.DecodeString)$/;

/** Methods of a string that convert it and keep it the secret: Java `"…".getBytes()`, `"…".toCharArray()`, Python `"…".encode()`. */
export const CONVERSION_METHODS = /^(getBytes|toCharArray|encode|bytes|b)$/;

/**
 * The conversion methods that may name the character set: Java `"…".getBytes(StandardCharsets.UTF_8)`,
 * `"…".getBytes("UTF-8")`, Python `"…".encode("utf-8")`, `"…".encode("utf-8", "strict")`.
 */
export const CHARSET_CONVERSION_METHODS = /^(getBytes|encode)$/;

/** Setter and builder methods whose name, without `set`/`with`, names a secret: `.password("…")`, `setApiKey("…")`, `withClientSecret("…")`. */
export const SETTER_PREFIX = /^(set|with)(?=[A-Z_])|^set_/;
