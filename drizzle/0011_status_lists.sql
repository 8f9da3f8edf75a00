CREATE TABLE "status_lists" (
	"origin" text PRIMARY KEY NOT NULL,
	"jws" text NOT NULL,
	"etag" text NOT NULL,
	"iat" integer NOT NULL,
	"digest" text NOT NULL
);
