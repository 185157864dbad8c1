/**
 * Data for no-fixed-port: the calls that bind a server to a port, per language, and where each
 * takes the port. The rule (no-fixed-port.ts) reads these tables; nothing here is logic.
 *
 * @helper
 */
import type { LanguageId } from '../../model';

/**
 * What a slot holds: a `port` (a number, or a string of digits), an `address` (`":8080"`,
 * `"0.0.0.0:8000"`, `"http://*:5000"`, `"tcp://0.0.0.0:9292"`), or `any` of the two.
 */
export type SlotKind = 'port' | 'address' | 'any';

/**
 * Where a call takes its port. `arg` counts from 0; a negative `arg` counts from the end (-1 is the
 * last argument); `'each'` is every positional argument (`UseUrls(params string[] urls)`).
 */
export type PortSlot =
  /** A positional argument. */
  | { arg: number | 'each'; kind: SlotKind }
  /** A keyword or named argument (Python `port=`, Ruby `Port:`, C# `port:`). */
  | { kw: string; kind: SlotKind }
  /** A property of an object, dict, hash or array argument (`listen({ port: 3000 })`, `['--port' => 8081]`). */
  | { arg: number; prop: string; kind: SlotKind }
  /** An item of a tuple or array argument (`HTTPServer(("", 8000), handler)`). */
  | { arg: number; item: number; kind: SlotKind }
  /** A `key=value` string argument naming the setting (`properties("server.port=9090")`). */
  | { arg: number | 'each'; setting: string };

/** A call that binds a server (or builds the address a server binds to). */
export interface ListenApi {
  /** Tested against the callee as written and as qualified through the file's imports. */
  callee?: RegExp;
  /** Tested against the method or function name. */
  name?: RegExp;
  /** `true`: constructor calls only (`new X(…)`, `X.new`); `false`: never. */
  isNew?: boolean;
  /** `true`: the call has a receiver (`app.listen`); `false`: it has none (a function or a DSL word). */
  receiver?: boolean;
  /**
   * The receiver was made by a call whose callee matches: `Javalin.create().start(7070)`,
   * `app = tornado.web.Application(…)` … `app.listen(8888)`.
   */
  madeBy?: RegExp;
  /** Some import of the file matches (`factory.setPort` only beside a server library's imports). */
  imports?: RegExp;
  /** The first argument, as written or as a string, matches (`set :port, 4567`). */
  first?: RegExp;
  /** The receiver is not one of these (`Process.Start(url)` opens a browser). */
  receiverNot?: RegExp;
  /** At least this many positional arguments (`options.Listen(ip, 5001)`, not `socket.Listen(100)`). */
  minArgs?: number;
  /** At most this many positional arguments (Netty `bind(8443)`, not `statement.bind(1, value)`). */
  maxArgs?: number;
  slots: PortSlot[];
  /** The API takes the port as a string: the fix writes a string (`envStringOr`). */
  stringPort?: boolean;
}

/** A first argument that names a host to bind: a literal address or a variable named after a host. */
const HOST_LIKE = /^(|\*|::|\[::\]|0\.0\.0\.0|127\.0\.0\.1|localhost|\w*host\w*|\w*(addr|address|interface|ip)\w*)$/i;

/** Calls that bind a server, per language. */
export const LISTEN_APIS: Partial<Record<LanguageId, readonly ListenApi[]>> = {
  javascript: [
    // app.listen(3000), server.listen(8080, cb), fastify.listen({ port: 3000 }), net/http/https servers
    { name: /^listen$/, receiver: true, slots: [{ arg: 0, kind: 'port' }, { arg: 0, prop: 'port', kind: 'port' }] },
    // app.set('port', 3000)
    { name: /^set$/, receiver: true, first: /^port$/, minArgs: 2, slots: [{ arg: 1, kind: 'port' }] },
    // Bun.serve({ port }), Deno.serve({ port }), serve({ fetch, port }) (Hono), Hapi.server({ port })
    { callee: /^(Bun\.serve|Deno\.serve|serve|Hapi\.server|Hapi\.Server|createServer)$/, slots: [{ arg: 0, prop: 'port', kind: 'port' }] },
    { callee: /(^|\.)Server$/, isNew: true, imports: /^@hapi\/hapi$|^hapi$/, slots: [{ arg: 0, prop: 'port', kind: 'port' }] },
  ],
  python: [
    // app.run(port=5000) (Flask, Sanic, Quart, Flask-SocketIO), uvicorn.run(app, port=8000), web.run_app(app, port=8080)
    { name: /^(run|run_app|run_simple)$/, slots: [{ kw: 'port', kind: 'port' }] },
    // werkzeug run_simple(host, port, app)
    { name: /^run_simple$/, minArgs: 3, slots: [{ arg: 1, kind: 'port' }] },
    // uvicorn.Config(app, port=8000)
    { callee: /(^|\.)uvicorn\.Config$/, slots: [{ kw: 'port', kind: 'port' }] },
    // waitress serve(app, port=8080) / serve(app, listen="*:8080"); websockets serve(handler, "0.0.0.0", 8765)
    { name: /^serve$/, slots: [{ kw: 'port', kind: 'port' }, { kw: 'listen', kind: 'address' }, { arg: 2, kind: 'port' }] },
    // aiohttp web.TCPSite(runner, host, port)
    { callee: /(^|\.)TCPSite$/, slots: [{ arg: 2, kind: 'port' }, { kw: 'port', kind: 'port' }] },
    // asyncio.start_server(cb, host, port), loop.create_server(factory, host, port)
    { name: /^(start_server|create_server)$/, slots: [{ arg: 2, kind: 'port' }, { kw: 'port', kind: 'port' }] },
    // HTTPServer(("", 8000), handler), socketserver.TCPServer((host, port), handler)
    { callee: /(^|\.)(HTTPServer|ThreadingHTTPServer|TCPServer|ThreadingTCPServer|ForkingTCPServer|WSGIServer)$/, slots: [{ arg: 0, item: 1, kind: 'port' }] },
    // wsgiref make_server(host, port, app)
    { name: /^make_server$/, minArgs: 3, slots: [{ arg: 1, kind: 'port' }] },
    // sock.bind(("0.0.0.0", 8080))
    { name: /^bind$/, receiver: true, slots: [{ arg: 0, item: 1, kind: 'port' }] },
    // Tornado: app.listen(8888), server.listen(8888)
    { name: /^listen$/, receiver: true, imports: /^tornado(\.|$)/, slots: [{ arg: 0, kind: 'port' }, { kw: 'port', kind: 'port' }] },
    // Django: call_command("runserver", "0.0.0.0:8000")
    { name: /^call_command$/, first: /^runserver$/, slots: [{ arg: 1, kind: 'any' }] },
  ],
  go: [
    // http.ListenAndServe(":8080", h), fasthttp.ListenAndServe, srv.ListenAndServe(addr) of fasthttp
    { name: /^(ListenAndServe|ListenAndServeTLS)$/, slots: [{ arg: 0, kind: 'address' }] },
    // gin r.Run(":8080"), echo e.Start(":1323"), fiber / iris app.Listen(":3000")
    { name: /^(Run|RunTLS|Start|StartTLS|Listen|ListenTLS)$/, receiver: true, slots: [{ arg: 0, kind: 'address' }] },
    // net.Listen("tcp", ":50051"), tls.Listen("tcp", ":8443", cfg)
    { name: /^Listen$/, receiver: true, slots: [{ arg: 1, kind: 'address' }] },
  ],
  java: [
    // new ServerSocket(8080), SSLServerSocketFactory.createServerSocket(8443)
    { callee: /(^|\.)ServerSocket$/, isNew: true, slots: [{ arg: 0, kind: 'port' }] },
    { name: /^createServerSocket$/, slots: [{ arg: 0, kind: 'port' }] },
    // HttpServer.create(new InetSocketAddress(8000), 0)
    { callee: /(^|\.)Https?Server\.create$/, slots: [{ arg: 0, kind: 'port' }] },
    // Netty bootstrap.bind(8443), NIO channel.bind(new InetSocketAddress(…)), serverSocket.bind(address, backlog),
    // bootstrap.bind("0.0.0.0", 8080); not a statement's bind(1, value)
    { name: /^bind$/, receiver: true, maxArgs: 1, slots: [{ arg: 0, kind: 'port' }] },
    { name: /^bind$/, receiver: true, slots: [{ arg: 0, kind: 'address' }] },
    { name: /^bind$/, receiver: true, minArgs: 2, maxArgs: 2, first: HOST_LIKE, slots: [{ arg: 1, kind: 'port' }] },
    // Undertow .addHttpListener(8080, "0.0.0.0")
    { name: /^(addHttpListener|addHttpsListener)$/, slots: [{ arg: 0, kind: 'port' }] },
    // Jetty new Server(8080)
    { callee: /(^|\.)jetty\.server\.Server$/, isNew: true, slots: [{ arg: 0, kind: 'port' }] },
    // Spark port(4567) and Spark.port(4567)
    { callee: /(^|\.)Spark\.port$/, slots: [{ arg: 0, kind: 'port' }] },
    { name: /^port$/, receiver: false, imports: /(^|\.)spark\.Spark(\.|$)/, slots: [{ arg: 0, kind: 'port' }] },
    // Helidon WebServer.builder().port(8080)
    { name: /^port$/, receiver: true, madeBy: /(^|\.)(WebServer|Server)\.builder$/, slots: [{ arg: 0, kind: 'port' }] },
    // gRPC ServerBuilder.forPort(50051), NettyServerBuilder.forPort(…)
    { callee: /(^|\.)(ServerBuilder|NettyServerBuilder|Grpc)\.(forPort|newServerBuilderForPort)$/, slots: [{ arg: 0, kind: 'port' }] },
    // Tomcat tomcat.setPort(8080), a WebServerFactoryCustomizer's factory.setPort(9000)
    { name: /^setPort$/, receiver: true, imports: /(^|\.)(apache\.catalina|eclipse\.jetty|boot\.web\.server|boot\.web\.embedded|boot\.web\.servlet\.server)(\.|$)/, slots: [{ arg: 0, kind: 'port' }] },
    // Vert.x vertx.createHttpServer()….listen(8888)
    { name: /^listen$/, receiver: true, madeBy: /(^|\.)(createHttpServer|createNetServer)$/, slots: [{ arg: 0, kind: 'port' }] },
    // Javalin.create().start(7070), app.start("0.0.0.0", 7070)
    { name: /^start$/, receiver: true, madeBy: /(^|\.)Javalin\.create$/, slots: [{ arg: -1, kind: 'port' }] },
    // System.setProperty("server.port", "8081")
    { callee: /(^|\.)System\.setProperty$/, first: /^server\.port$/, stringPort: true, slots: [{ arg: 1, kind: 'port' }] },
    // app.setDefaultProperties(Map.of("server.port", "8080")), props.put("server.port", "8080")
    { name: /^setDefaultProperties$/, stringPort: true, slots: [{ arg: 0, prop: 'server.port', kind: 'port' }] },
    { name: /^(put|setProperty)$/, receiver: true, first: /^server\.port$/, stringPort: true, slots: [{ arg: 1, kind: 'port' }] },
    // new SpringApplicationBuilder(…).properties("server.port=9090"), SpringApplication.run(App.class, "--server.port=9090")
    { name: /^properties$/, receiver: true, slots: [{ arg: 'each', setting: 'server.port' }] },
    { callee: /(^|\.)SpringApplication\.run$/, slots: [{ arg: 'each', setting: '--server.port' }] },
  ],
  ruby: [
    // Sinatra: set :port, 4567
    { name: /^set$/, first: /^port$/, minArgs: 2, slots: [{ arg: 1, kind: 'port' }] },
    // Sinatra: run! port: 4567
    { name: /^run!$/, slots: [{ kw: 'port', kind: 'port' }] },
    // Puma config: port 3000, bind "tcp://0.0.0.0:9292"; Unicorn config: listen 8080
    { name: /^port$/, receiver: false, slots: [{ arg: 0, kind: 'port' }] },
    { name: /^bind$/, receiver: false, slots: [{ arg: 0, kind: 'address' }] },
    { name: /^listen$/, receiver: false, slots: [{ arg: 0, kind: 'any' }] },
    // WEBrick::HTTPServer.new(Port: 8000)
    { callee: /(^|::)HTTPServer$/, isNew: true, slots: [{ kw: 'Port', kind: 'port' }] },
    // Rack::Handler::WEBrick.run(app, Port: 9000), Rack::Server.start(Port: 9292), Rackup::Server.start
    { callee: /^(Rack::Handler::\w+\.run|Rackup::Handler::\w+\.run|Rack::Server\.start|Rackup::Server\.start)$/, slots: [{ kw: 'Port', kind: 'port' }] },
    // Thin::Server.start("0.0.0.0", 3002, app), Thin::Server.new(host, port)
    { callee: /^Thin::Server(\.start)?$/, slots: [{ arg: 1, kind: 'port' }] },
    // EventMachine.start_server("0.0.0.0", 8081, Handler)
    { callee: /^(EventMachine|EM)\.start_server$/, slots: [{ arg: 1, kind: 'port' }] },
    // TCPServer.new(2000), TCPServer.new("0.0.0.0", 8080)
    { callee: /(^|::)TCPServer$/, isNew: true, slots: [{ arg: -1, kind: 'port' }] },
    // Falcon::Server.new(app, endpoint), Async::HTTP::Server.new(app, endpoint)
    { callee: /^(Falcon::Server|Async::HTTP::Server)$/, isNew: true, slots: [{ arg: 1, kind: 'address' }] },
  ],
  csharp: [
    // builder.WebHost.UseUrls("http://*:5000")
    { name: /^UseUrls$/, slots: [{ arg: 'each', kind: 'address' }] },
    // Kestrel: options.Listen(IPAddress.Any, 5001), ListenLocalhost(5002), ListenAnyIP(5005)
    { name: /^Listen$/, receiver: true, minArgs: 2, slots: [{ arg: 1, kind: 'port' }] },
    // options.Listen(new IPEndPoint(IPAddress.Any, 5000)); not socket.Listen(100), a backlog
    { name: /^Listen$/, receiver: true, slots: [{ arg: 0, kind: 'address' }] },
    { name: /^(ListenLocalhost|ListenAnyIP)$/, slots: [{ arg: 0, kind: 'port' }] },
    // UseSetting(WebHostDefaults.ServerUrlsKey, "http://+:8081")
    { name: /^UseSetting$/, first: /(ServerUrlsKey|^urls)$/i, slots: [{ arg: 1, kind: 'address' }] },
    // app.Urls.Add("http://*:5050"), HttpListener prefixes
    { callee: /(^|\.)(Urls|Prefixes)\.Add$/, slots: [{ arg: 0, kind: 'address' }] },
    // app.Run("http://0.0.0.0:5000"), app.RunAsync(url); not Process.Start(url), which opens a browser
    { name: /^(Run|RunAsync|Start|StartAsync)$/, receiver: true, receiverNot: /(^|\.)(Process|Task|Thread|Browser)$/, slots: [{ arg: 0, kind: 'address' }] },
    // Environment.SetEnvironmentVariable("ASPNETCORE_URLS", "http://*:5004")
    { callee: /(^|\.)Environment\.SetEnvironmentVariable$/, first: /^(ASPNETCORE_URLS|URLS|DOTNET_URLS)$/, slots: [{ arg: 1, kind: 'address' }] },
    { callee: /(^|\.)Environment\.SetEnvironmentVariable$/, first: /^(ASPNETCORE_HTTP_PORTS|ASPNETCORE_HTTPS_PORTS|HTTP_PORTS)$/, stringPort: true, slots: [{ arg: 1, kind: 'port' }] },
    // new TcpListener(IPAddress.Any, 9000), socket.Bind(new IPEndPoint(IPAddress.Any, 11000))
    { callee: /(^|\.)TcpListener$/, isNew: true, slots: [{ arg: -1, kind: 'port' }] },
    { name: /^Bind$/, receiver: true, slots: [{ arg: 0, kind: 'address' }] },
    // Nancy new NancyHost(new Uri("http://localhost:8888")), OWIN WebApp.Start("http://localhost:9000")
    { callee: /(^|\.)NancyHost$/, isNew: true, slots: [{ arg: 0, kind: 'address' }] },
    { callee: /(^|\.)WebApp\.Start(<[^>]*>)?$/, slots: [{ arg: 0, kind: 'address' }, { kw: 'url', kind: 'address' }] },
  ],
  php: [
    // Workerman new Worker('http://0.0.0.0:2345')
    { callee: /(^|\\)Workerman\\Worker$|^Worker$/, isNew: true, slots: [{ arg: 0, kind: 'address' }] },
    // Ratchet IoServer::factory($app, 8080)
    { callee: /(^|\\)IoServer::factory$/, slots: [{ arg: 1, kind: 'port' }] },
    // Amp $server->expose('0.0.0.0:1337')
    { name: /^expose$/, receiver: true, slots: [{ arg: 0, kind: 'address' }] },
    // stream_socket_server('tcp://0.0.0.0:8000'), socket_bind($sock, '0.0.0.0', 10000)
    { callee: /^\\?stream_socket_server$/, slots: [{ arg: 0, kind: 'address' }] },
    { callee: /^\\?socket_bind$/, slots: [{ arg: 2, kind: 'port' }] },
    // Swoole $server->listen('0.0.0.0', 9502, SWOOLE_SOCK_TCP), ->addListener(…)
    { name: /^(listen|addListener|addlistener)$/, receiver: true, minArgs: 2, slots: [{ arg: 1, kind: 'port' }] },
    // new Swoole\Http\Server('0.0.0.0', 9501), OpenSwoole, WebSocket servers; not their clients
    { callee: /^\\?(Open)?Swoole\\(\w+\\)*\w*Server$/i, isNew: true, minArgs: 2, slots: [{ arg: 1, kind: 'port' }] },
    { callee: /^\\?swoole_(http_|websocket_)?server$/i, isNew: true, minArgs: 2, slots: [{ arg: 1, kind: 'port' }] },
    // Artisan::call('serve', ['--port' => 8081])
    { callee: /(^|\\)Artisan::call$/, first: /^serve$/, slots: [{ arg: 1, prop: '--port', kind: 'port' }] },
    // ReactPHP new SocketServer('0.0.0.0:8080'), new React\Socket\TcpServer(8082)
    { callee: /(^|\\)React\\Socket\\(SocketServer|TcpServer|Server)$/, isNew: true, slots: [{ arg: 0, kind: 'any' }] },
  ],
};
LISTEN_APIS.typescript = LISTEN_APIS.javascript;

/**
 * Calls that build an address a server then binds to: the port is looked for inside them when
 * one is passed to a listen API (`HttpServer.create(new InetSocketAddress(8000), 0)`).
 */
export const ADDRESS_APIS: Partial<Record<LanguageId, readonly ListenApi[]>> = {
  go: [{ callee: /^iris\.Addr$/, slots: [{ arg: 0, kind: 'address' }] }],
  java: [{ callee: /(^|\.)InetSocketAddress$/, isNew: true, slots: [{ arg: -1, kind: 'port' }] }],
  ruby: [{ callee: /^Async::HTTP::Endpoint\.parse$/, slots: [{ arg: 0, kind: 'address' }] }],
  csharp: [
    { callee: /(^|\.)IPEndPoint$/, isNew: true, slots: [{ arg: 1, kind: 'port' }] },
    { callee: /(^|\.)Uri$/, isNew: true, slots: [{ arg: 0, kind: 'address' }] },
  ],
  php: [{ callee: /(^|\\)React\\Socket\\(SocketServer|TcpServer|Server)$/, isNew: true, slots: [{ arg: 0, kind: 'any' }] }],
};

/** Calls that only convert a value (`int(x)`, `Number(x)`, `Integer.parseInt(x)`): the port is their argument. */
export const CONVERSIONS =
  /^(int|str|Number|String|parseInt|Integer|Integer\.parseInt|Integer\.valueOf|Long\.parseLong|String\.valueOf|int\.Parse|Convert\.ToInt32|Convert\.ToString|intval|strval|strconv\.Atoi)$/;

/** Go: calls that turn an integer port into the string of an address (`":" + strconv.Itoa(9000)`). */
export const GO_ITOA = /^strconv\.(Itoa|FormatInt)$/;

/** Go: `fmt.Sprintf(":%d", port)` builds an address; the port is the argument of the last verb. */
export const GO_SPRINTF = /^fmt\.Sprintf$/;

/** Python: module-level settings that hold the listen address (gunicorn, hypercorn config files). */
export const PYTHON_BIND_SETTINGS = new Set(['bind', 'insecure_bind', 'quic_bind']);

/** Go: the methods that start a `http.Server` whose `Addr` was set before. */
export const GO_SERVE_METHODS = /^(ListenAndServe|ListenAndServeTLS)$/;

/** Go: typed composite literals whose `Addr` field is the listen address. */
export const GO_SERVER_TYPES = /^(http|\w+http)\.Server$/;

/**
 * PHP config arrays: a `port` is a listen port in the settings of a server, known by the keys
 * beside it (Hyperf `servers` entries: `callbacks`, `sock_type`) or by the key above it
 * (laravel-swoole `swoole_http.server`). Memcached `servers` entries (`host`, `port`, `weight`)
 * are clients.
 */
export const PHP_SERVER_SIBLINGS = new Set(['callbacks', 'sock_type']);
export const PHP_SERVER_KEYS = /^(swoole|swoole_http|http_server)$/i;

/**
 * Command-line flags whose value is a listen port or address (Dockerfile CMD/ENTRYPOINT, Procfile
 * `web:`): `--port 8000`, `-p 5000`, `--bind 0.0.0.0:8000`, `-addr :8080`, `--urls http://*:5000`,
 * `-S 0.0.0.0:8080` (PHP's built-in server), `-Dserver.port=8080`.
 */
export const COMMAND_PORT_FLAGS = new Map<string, SlotKind>([
  ['--port', 'port'],
  ['-p', 'port'],
  ['--http-port', 'port'],
  ['--server.port', 'port'],
  ['-Dserver.port', 'port'],
  ['--bind', 'any'],
  ['-b', 'any'],
  ['--listen', 'any'],
  ['-l', 'any'],
  ['-addr', 'address'],
  ['--addr', 'address'],
  ['-address', 'address'],
  ['--address', 'address'],
  ['--urls', 'address'],
  ['-S', 'address'],
]);
