@echo off
rem replay-tcp launcher (Windows): runs replay-tcp.jar with the same arguments, like bin/replay-tcp on Linux.
rem Finds the jar beside this file, one level up (a distribution) or in ..\target (a checkout); JAVA_HOME picks the
rem JVM (else java on the PATH); JAVA_OPTS adds JVM options. For replays (client, server, demo), a class archive
rem made for this jar and JVM makes later replays start sooner (about 0.5 s on Linux, see bin/replay-tcp): on Java
rem 25+ an AOT cache (the first replay records its classes, -XX:AOTMode=record, and the cache is then made from
rem that in the background at low priority, -XX:AOTMode=create, ~2 s); on Java 19-24 an AppCDS archive the JVM
rem makes and checks itself (-XX:+AutoCreateSharedArchive); on Java 17 one the first replay writes at exit
rem (-XX:ArchiveClassesAtExit); inspect keeps a small archive of its own the same way. Replays run with C1
rem only (-XX:TieredStopAtLevel=1: less CPU for the JIT, so many connections and the first segments keep their
rem timing; figures in bin/replay-tcp), but for a long top-speed one (see below). inspect runs with the serial
rem collector and a young generation of 8 MB
rem (faster for its short read: memory first touched is the cost, measured on Linux; transparent huge pages, which
rem bin/replay-tcp asks for, are Linux only).
rem It lives beside the jar when that folder is writable, else in %LOCALAPPDATA%\replay-tcp; a damaged or foreign
rem archive is ignored by the JVM. REPLAY_TCP_NO_ARCHIVE=1 turns it off.
setlocal EnableExtensions EnableDelayedExpansion
if "%~1"=="--replay-tcp-make-aot-cache" goto make_aot_cache

set "BIN=%~dp0"
set "JAR="
for %%J in ("%BIN%replay-tcp.jar" "%BIN%..\replay-tcp.jar" "%BIN%..\target\replay-tcp.jar") do (
  if not defined JAR if exist "%%~fJ" set "JAR=%%~fJ"
)
if not defined JAR (
  echo replay-tcp: replay-tcp.jar not found beside %BIN% or in %BIN%..\target ^(run 'mvn package' first^) 1>&2
  exit /b 2
)

if defined JAVA_HOME (
  set "JAVA=%JAVA_HOME%\bin\java.exe"
) else (
  set "JAVA=java.exe"
)
"%JAVA%" -version >nul 2>&1
if errorlevel 1 (
  echo replay-tcp: no java found: set JAVA_HOME or put Java 17 or later on the PATH 1>&2
  exit /b 2
)

rem The JVM's feature version, from the first line of java -version: version "17.0.15" or "25.0.3".
set "FEATURE=0"
rem (Exactly two quotes inside the parentheses: cmd /c keeps a quoted program path with spaces only then.)
for /f "tokens=3" %%V in ('"%JAVA%" -version 2^>^&1 ^| findstr /i version') do (
  for /f "delims=.-+ tokens=1" %%F in ("%%~V") do set "FEATURE=%%F"
)

if %FEATURE% GTR 0 if %FEATURE% LSS 17 (
  echo replay-tcp: %JAVA% is Java %FEATURE%; replay-tcp needs Java 17 or later ^(set JAVA_HOME^) 1>&2
  exit /b 2
)

set "OPTS="
set "CONFIG="
if %FEATURE% GEQ 24 set "OPTS=--sun-misc-unsafe-memory-access=allow"
if /i "%~1"=="inspect" set "OPTS=%OPTS% -XX:+UseSerialGC -Xmn8m"

rem The first argument names the command: replays get the archive, inspect one of its own.
set "REPLAY="
set "KIND="
if /i "%~1"=="client" set "REPLAY=1"
if /i "%~1"=="server" set "REPLAY=1"
if /i "%~1"=="demo" set "REPLAY=1"
if defined REPLAY set "KIND=-"
if /i "%~1"=="inspect" set "KIND=-inspect-"
rem Help or a version loads a fraction of the classes a command needs: such a run makes no archive (it uses one).
set "ASKING="
set "TOPSPEED="
set "BIGFILE="
call :find_asking %*
rem A long top-speed replay (--top-speed, and an argument is a file of 32 MB or more: its capture) keeps C2 with
rem its thresholds raised, so that only what runs for every segment gets there (1 M segments of 100 bytes 0.71-0.92x
rem the plain loop against 0.49-0.52x with C1 only, on Linux; figures in bin/replay-tcp); other replays C1 only.
set "LONGRUN="
if defined REPLAY if defined TOPSPEED if defined BIGFILE set "LONGRUN=1"
if defined LONGRUN set "OPTS=%OPTS% -XX:Tier4InvocationThreshold=50000 -XX:Tier4MinInvocationThreshold=20000"
if defined LONGRUN set "OPTS=%OPTS% -XX:Tier4CompileThreshold=60000 -XX:Tier4BackEdgeThreshold=400000"
if defined REPLAY if not defined LONGRUN set "OPTS=%OPTS% -XX:TieredStopAtLevel=1"
set "MADE="

if defined KIND if not defined REPLAY_TCP_NO_ARCHIVE if %FEATURE% GEQ 17 (
  for %%J in ("%JAR%") do (
    set "CACHE=%%~dpJ"
    set "STAMP=%%~zJ-%%~tJ"
  )
  rem A folder we cannot write to: the per-user cache, where the name also carries the jar's folder, since other
  rem installations keep their archives there too.
  set "WHERE="
  copy /y nul "!CACHE!replay-tcp-write-test.tmp" >nul 2>&1 && del "!CACHE!replay-tcp-write-test.tmp" >nul 2>&1
  if errorlevel 1 (
    set "WHERE=!CACHE::=_!"
    set "WHERE=!WHERE:\=_!"
    set "WHERE=!WHERE: =_!"
    set "CACHE=%LOCALAPPDATA%\replay-tcp\"
    if not exist "!CACHE!" mkdir "!CACHE!" >nul 2>&1
  )
  set "STAMP=!STAMP::=!"
  set "STAMP=!STAMP:/=!"
  set "STAMP=!STAMP: =!"
  set "ARCHIVE=!CACHE!replay-tcp!KIND!java%FEATURE%-!WHERE!!STAMP!.jsa"
  rem The options an AOT cache is made with: those it was recorded with, without the archive's own.
  set "BASE=!OPTS!"
  if %FEATURE% GEQ 25 (
    set "ARCHIVE=!ARCHIVE:~0,-4!.aot"
    if exist "!ARCHIVE!" (
      set "OPTS=!OPTS! "-XX:AOTCache=!ARCHIVE!" -Xlog:aot=off -Xlog:cds=off"
    ) else if not defined ASKING (
      rem Record mode prints "AOTConfiguration recorded" on the console at exit whatever the logging options:
      rem -DisplayVMOutput keeps the JVM's own console output quiet for this one run.
      set "CONFIG=!ARCHIVE!.tmp!RANDOM!.aotconf"
      set "OPTS=!OPTS! -XX:AOTMode=record "-XX:AOTConfiguration=!CONFIG!" -XX:+UnlockDiagnosticVMOptions -XX:-DisplayVMOutput -Xlog:aot=off -Xlog:cds=off"
    )
  ) else if exist "!ARCHIVE!" (
    if %FEATURE% GEQ 19 (
      set "OPTS=!OPTS! -XX:+AutoCreateSharedArchive "-XX:SharedArchiveFile=!ARCHIVE!" -Xlog:cds=off -Xlog:cds+dynamic=off"
    ) else (
      set "OPTS=!OPTS! "-XX:SharedArchiveFile=!ARCHIVE!" -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off"
    )
  ) else if not defined ASKING (
    set "MADE=1"
    if %FEATURE% GEQ 19 (
      set "OPTS=!OPTS! -XX:+AutoCreateSharedArchive "-XX:SharedArchiveFile=!ARCHIVE!" -Xlog:cds=off -Xlog:cds+dynamic=off"
    ) else (
      set "OPTS=!OPTS! "-XX:ArchiveClassesAtExit=!ARCHIVE!" -Xlog:cds=off -Xlog:cds+dynamic=off"
    )
  )
)

"%JAVA%" %OPTS% %JAVA_OPTS% -jar "%JAR%" %*
set "STATUS=%ERRORLEVEL%"
rem A run that stopped at bad input (2) or was interrupted loaded too few classes to archive: what it made is
rem dropped, and a later run makes one. 1 is a run that did its work and found a difference.
set "WORKED="
if "%STATUS%"=="0" set "WORKED=1"
if "%STATUS%"=="1" set "WORKED=1"
if not defined WORKED (
  if defined MADE del "%ARCHIVE%" >nul 2>&1
  if defined CONFIG del "%CONFIG%" >nul 2>&1
  exit /b %STATUS%
)
if not defined CONFIG exit /b %STATUS%
if not exist "%CONFIG%" exit /b %STATUS%
rem Java 25+, first run: the AOT cache is made from what the run recorded by this script again, in the background
rem (start /b: the prompt comes back now; /low: it yields to what runs next); it inherits JAVA, BASE, CONFIG,
rem ARCHIVE and JAR.
start "" /b /low cmd /d /c call "%~f0" --replay-tcp-make-aot-cache
exit /b %STATUS%

:make_aot_cache
rem Made under a temporary name and then moved into place, so no run ever maps half of one.
"%JAVA%" %BASE% -XX:AOTMode=create "-XX:AOTConfiguration=%CONFIG%" "-XX:AOTCache=%CONFIG%.aot" -Xlog:aot=off -Xlog:cds=off -cp "%JAR%" >nul 2>&1
if not errorlevel 1 move /y "%CONFIG%.aot" "%ARCHIVE%" >nul 2>&1
del "%CONFIG%" "%CONFIG%.aot" >nul 2>&1
exit /b 0

:find_asking
rem Sets ASKING when an argument asks for help or the version, TOPSPEED for --top-speed, BIGFILE when an argument
rem is a file (not a folder) of 32 MB or more.
if "%~1"=="" exit /b 0
if /i "%~1"=="-h" set "ASKING=1"
if /i "%~1"=="--help" set "ASKING=1"
if "%~1"=="-V" set "ASKING=1"
if /i "%~1"=="--version" set "ASKING=1"
if /i "%~1"=="--top-speed" set "TOPSPEED=1"
if /i "%~1"=="--top-speed=true" set "TOPSPEED=1"
if exist "%~f1" if not exist "%~f1\*" call :big_file "%~z1"
shift
goto find_asking

:big_file
rem Sets BIGFILE when %1, a size in bytes, is 32 MB or more. cmd compares numbers of up to 31 bits: a size of ten
rem digits or more is big anyway.
set "SIZE=%~1"
if not defined SIZE exit /b 0
if not "%SIZE:~9,1%"=="" set "BIGFILE=1"
if "%SIZE:~9,1%"=="" if %SIZE% GEQ 33554432 set "BIGFILE=1"
exit /b 0
