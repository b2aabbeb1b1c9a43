"""Fictional people, places and organisations for the generated documents.

Every value is made up but structurally valid (province codes, ID numbers,
credit codes); nothing refers to a real person or company.
"""
import datetime as dt

import checkdigits
import dates

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志文晓红玉梅鹏飞宇浩然子涵欣怡俊杰雨萱博思远嘉诚"
ETHNIC = ["汉"] * 12 + ["回", "满", "壮", "苗", "蒙古", "维吾尔", "土家", "彝"]

# (code, province, city) - province codes per GB 11643 / GB/T 2260.
PLACES = [
    ("11", "北京市", "北京市"), ("12", "天津市", "天津市"), ("13", "河北省", "石家庄市"),
    ("14", "山西省", "太原市"), ("21", "辽宁省", "沈阳市"), ("22", "吉林省", "长春市"),
    ("23", "黑龙江省", "哈尔滨市"), ("31", "上海市", "上海市"), ("32", "江苏省", "南京市"),
    ("33", "浙江省", "杭州市"), ("34", "安徽省", "合肥市"), ("35", "福建省", "福州市"),
    ("36", "江西省", "南昌市"), ("37", "山东省", "济南市"), ("41", "河南省", "郑州市"),
    ("42", "湖北省", "武汉市"), ("43", "湖南省", "长沙市"), ("44", "广东省", "广州市"),
    ("45", "广西壮族自治区", "南宁市"), ("50", "重庆市", "重庆市"), ("51", "四川省", "成都市"),
    ("52", "贵州省", "贵阳市"), ("53", "云南省", "昆明市"), ("61", "陕西省", "西安市"),
    ("62", "甘肃省", "兰州市"), ("64", "宁夏回族自治区", "银川市"),
]
DISTRICTS = ["城关区", "新华区", "和平区", "长安区", "高新区", "滨江区", "东湖区", "西城区",
             "金水区", "天河区", "武侯区", "雁塔区", "鼓楼区", "南湖区", "青山区"]
STREETS = ["人民路", "解放路", "建设大街", "中山路", "和平街", "光明路", "新华路", "文化路",
           "朝阳大道", "长江路", "黄河路", "振兴街", "学府路", "科技路"]
WORDS = ["星河", "云帆", "青禾", "远景", "启明", "晨光", "汇智", "新程", "嘉禾", "博远",
         "瑞丰", "景行", "知行", "睿思", "恒信", "泽润", "鼎盛", "海纳"]
TRADES = ["网络科技", "信息技术", "软件开发", "电子商务", "文化传媒", "数据服务", "教育咨询"]
PINYIN = ["xinghe", "yunfan", "qinghe", "yuanjing", "qiming", "chenguang", "huizhi",
          "xincheng", "jiahe", "boyuan", "ruifeng", "jingxing", "zhixing", "ruisi"]


def person(rng):
    """A fictional Chinese name."""
    given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
    return rng.choice(SURNAMES) + given


def place(rng):
    """(province code, province, city, district) of a fictional address."""
    code, prov, city = rng.choice(PLACES)
    return code, prov, city, rng.choice(DISTRICTS)


def address(rng, prov, city, district):
    """A fictional street address inside the given district."""
    head = city if prov == city else prov + city
    num = rng.randint(1, 399)
    tail = rng.choice([f"{num}号", f"{num}号{rng.randint(1, 30)}栋{rng.randint(1, 6)}单元"
                       f"{rng.randint(1, 32)}0{rng.randint(1, 4)}室",
                       f"{num}号院{rng.randint(1, 12)}号楼"])
    return head + district + rng.choice(STREETS) + tail


def birth_date(rng, lo_age, hi_age, today):
    """A birth date giving an age in [lo_age, hi_age] at today."""
    return dates.between(rng, dates.add_years(today, -hi_age), dates.add_years(today, -lo_age))


def id_number(rng, prov_code, born, male):
    """A GB 11643 resident ID number with a correct check character."""
    area = prov_code + f"{rng.randint(1, 9):02d}" + f"{rng.randint(1, 30):02d}"
    seq = rng.randint(0, 99) * 10 + rng.choice((1, 3, 5, 7, 9) if male else (0, 2, 4, 6, 8))
    first17 = area + born.strftime("%Y%m%d") + f"{seq:03d}"
    return first17 + checkdigits.id_check(first17)


def uscc(rng, prov_code):
    """A GB 32100 unified social credit code with both check characters right."""
    # The organisation code's own characters must also be legal in a USCC.
    org8 = "MA" + "".join(rng.choice(checkdigits.USCC_CHARSET) for _ in range(6))
    org9 = org8 + checkdigits.org_check(org8)
    area = prov_code + f"{rng.randint(1, 9):02d}" + f"{rng.randint(1, 30):02d}"
    first17 = "91" + area + org9
    return first17 + checkdigits.uscc_check(first17)


def company(rng, city):
    """A fictional company name in a city."""
    word = rng.choice(WORDS) + rng.choice(WORDS)
    return f"{city.rstrip('市')}{word}{rng.choice(TRADES)}有限公司"


def domain(rng):
    """A fictional domain name."""
    tld = rng.choice([".cn", ".com", ".com.cn", ".net", ".cn", ".top"])
    return rng.choice(PINYIN) + rng.choice(["", "-", ""]) + rng.choice(PINYIN) + \
        str(rng.randint(0, 99) if rng.random() < 0.3 else "") + tld


def time_of_day(rng, day):
    """A datetime on day at a plausible waking hour."""
    return dt.datetime(day.year, day.month, day.day, rng.randint(8, 21),
                       rng.randint(0, 59), rng.randint(0, 59))
