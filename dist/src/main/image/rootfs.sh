#!/usr/bin/env bash
# The file system the container image's application layers sit on, built from this machine's JDK and C libraries
# (no base image is pulled: the image starts FROM scratch).
#
#   rootfs.sh JAVA_HOME WEBAPP_DIR OUT_DIR
#
# OUT_DIR/opt/java   a Java runtime linked by jlink from JAVA_HOME's modules, with this machine's CA certificates
# OUT_DIR/lib64, usr the C libraries that runtime and the application's native libraries (ONNX Runtime, the
#                    tokenizer, found in WEBAPP_DIR/WEB-INF/lib) load, as ldd resolves them here, and the loader
# OUT_DIR/etc        the unprivileged user whitemagic (uid and gid 10001), name resolution from files, then DNS
set -euo pipefail
java_home=$1
webapp=$2
out=$3

rm -rf "$out"
mkdir -p "$out/opt" "$out/etc" "$out/tmp" "$out/var/lib/whitemagic"

# Every module of the JDK but its development tools' own: Payara Micro and WildFly reach for many of them
# (management, naming, XML, compiler API) and a missing one only shows at run time. Debug symbols, man pages and
# headers are left out.
"$java_home/bin/jlink" --module-path "$java_home/jmods" --add-modules ALL-MODULE-PATH \
  --strip-debug --no-man-pages --no-header-files --compress=2 --output "$out/opt/java"
rm -rf "$out/opt/java/jmods"
# Debian's JDK links its CA certificates from /etc; the image carries the file itself.
if [ -e "$java_home/lib/security/cacerts" ]; then
  rm -f "$out/opt/java/lib/security/cacerts"
  cp -L "$java_home/lib/security/cacerts" "$out/opt/java/lib/security/cacerts"
fi

# The application's native libraries, unpacked only to ask ldd what they load.
natives=$(mktemp -d)
trap 'rm -rf "$natives"' EXIT
for jar in "$webapp"/WEB-INF/lib/*.jar; do
  unzip -qq -o "$jar" '*linux-x64/*.so' '*linux-x86_64/*.so' -d "$natives" 2>/dev/null || true
done

# The desktop's native libraries (windows, fonts, images, sound, smart cards) are left unscanned: a server never
# loads them, and their C libraries (X11, freetype, ALSA, ...) would double the image.
desktop='libawt_xawt.so|libsplashscreen.so|libjawt.so|libfontmanager.so|liblcms.so|libjavajpeg.so|libjsound.so|libj2pcsc.so'
{
  find "$out/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' -o -name jspawnhelper \) \
    | grep -Ev "/($desktop)\$"
  find "$natives" -type f -name '*.so'
} | while read -r elf; do
  ldd "$elf" 2>/dev/null | awk '/=> \// { print $3 } /^[[:space:]]*\/[^ ]*ld-linux/ { print $1 }'
done | sort -u | while read -r library; do
  # The loader where the executables name it (/lib64); a library under the name the loader asks for, in its real
  # directory (Debian's /lib is a link to /usr/lib), which the loader searches by default.
  case "$library" in
    "$out"/*) continue ;;  # the runtime's own, found beside it
    */ld-linux*) target="$out$library" ;;
    *) target="$out$(readlink -f "$(dirname "$library")")/$(basename "$library")" ;;
  esac
  mkdir -p "$(dirname "$target")"
  cp -L "$library" "$target"
done
# No symbolic links (jlink links the legal notices shared by modules): each becomes a copy of its file, which any
# image builder carries as it is.
find "$out" -type l | while read -r link; do
  cp -L --remove-destination "$link" "$link.copy" && mv "$link.copy" "$link"
done

cat > "$out/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
whitemagic:x:10001:10001:WhiteMagic Cloud:/var/lib/whitemagic:/sbin/nologin
PASSWD
cat > "$out/etc/group" <<'GROUP'
root:x:0:
whitemagic:x:10001:
GROUP
echo 'hosts: files dns' > "$out/etc/nsswitch.conf"
